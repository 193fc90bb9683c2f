import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import type { EventStore } from "../../event-store/event-store.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";
import type { ActionExecutor } from "../executor/action-executor.js";
import { createFakeActionExecutor } from "../executor/fake-action-executor.js";
import { policyDenialEvent, proposalEvents } from "./action-event-builders.js";
import { executeApproved, loadAction } from "./action-runtime.js";

/**
 * An event store that fails the first append of `action.executed` (a crash after the executor acted, before recording).
 */
function crashingOnceAfterExecution(clock: () => Date): EventStore & { crashed: boolean } {
  const inner = createInMemoryEventStore(clock);
  const store = {
    ...inner,
    crashed: false,
    async append(...args: Parameters<EventStore["append"]>) {
      if (!store.crashed && args[1].some((event) => event.type === "action.executed")) {
        store.crashed = true;
        throw new Error("simulated crash between executing and recording");
      }
      return inner.append(...args);
    },
  };
  return store;
}

describe("executing approved actions", () => {
  it("after a crash between acting and recording action.executed, a retry records it, not acting twice", async () => {
    let store: (EventStore & { crashed: boolean }) | undefined;
    const proposal = { type: "refund", amountMinor: 1000, currency: "EUR", orderId: "A-1", reason: "broken" };
    const llm = createScriptedFakeLlmProvider({
      script: (request) => fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "ok"),
    });
    const h = createActionsHarness({
      llm,
      eventStore: (clock) => (store = crashingOnceAfterExecution(clock)),
      policies: { acme: demoPolicyFor("acme") },
      orders: [
        {
          tenantId: "acme",
          customerId: "cust-1",
          orderId: "A-1",
          placedAt: "2026-11-18T12:00:00.000Z",
          totalMinor: 50_000,
        },
      ],
    });

    await h.say("refund 10 for order A-1");
    expect(store?.crashed).toBe(true);
    expect(h.errors).toHaveLength(1);
    const [action] = await h.actionStates();
    expect(action).toMatchObject({ status: "approved" });

    expect(await h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 1 });
    expect(await loadAction(h.eventStore, "acme", action?.actionId ?? "")).toMatchObject({
      status: "executed",
      reference: "fake-refund-1",
    });
    expect(h.executor.calls).toHaveLength(2);
    expect(h.executor.executed).toHaveLength(1);

    expect(
      await executeApproved({ eventStore: h.eventStore, executor: h.executor }, "acme", action?.actionId ?? ""),
    ).toMatchObject({ kind: "not_approved" });
    expect(h.executor.calls).toHaveLength(2);
  });
});

describe("executing while the approval is withdrawn", () => {
  it("records an execution the executor performed even when a withdrawal landed while it ran", async () => {
    const store = createInMemoryEventStore(() => new Date("2026-11-20T10:00:00.000Z"));
    const turn = {
      tenantId: "acme",
      conversationId: "conv-1",
      customerId: "cust-1",
      correlationId: "corr-1",
      replyEventId: "0b0e6a4e-2f43-4f35-9d8c-4b7a1c2d3e4f",
    };
    const decision: PolicyDecision = { verdict: "approve", approval: "automatic", ruleIds: ["r"], reasons: ["small"] };
    const proposed = proposalEvents({
      turn,
      actionId: "a-1",
      proposal: { type: "refund", amountMinor: 2000, currency: "EUR", orderId: "A-1", reason: "broken" },
      context: {
        tenantId: "acme",
        customerId: "cust-1",
        now: "2026-11-20T10:00:00.000Z",
        customer: { tier: null, priorRefunds: 0, riskFlags: [] },
        order: null,
        usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0 },
      },
      proposer: { provider: "fake", model: "m-1" },
      decision,
      policyVersion: 1,
      expiresAt: "2026-11-21T10:00:00.000Z",
    });
    await store.append("action:acme:a-1", proposed, { expectedVersion: "no_stream" });
    const fake = createFakeActionExecutor();
    // Another process confirms the approval in the log's order meanwhile and withdraws it: the executor still acts.
    const executor: ActionExecutor = {
      name: fake.name,
      async execute(command) {
        const state = await loadAction(store, "acme", "a-1");
        const denies: PolicyDecision = { verdict: "deny", approval: null, ruleIds: ["limit"], reasons: ["limit"] };
        const withdrawal = policyDenialEvent(
          state,
          { decision: denies, policyVersion: 1, note: "later" },
          randomUUID(),
        );
        await store.append("action:acme:a-1", [withdrawal], { expectedVersion: state.version });
        return fake.execute(command);
      },
    };

    await executeApproved({ eventStore: store, executor }, "acme", "a-1");

    // The refund was performed: the log must say so, or limits and prior refunds never count it.
    expect(fake.executed).toHaveLength(1);
    expect(await loadAction(store, "acme", "a-1")).toMatchObject({ status: "executed", reference: "fake-refund-1" });
  });
});
