import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import type { EventStore } from "../../event-store/event-store.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";
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
