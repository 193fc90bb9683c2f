import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import { deterministicUuid } from "../../ids/deterministic-uuid.js";
import { actionStreamName } from "../lifecycle/action-state.js";
import { conversationEvents, createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";
import { proposalActionId, proposalEvents } from "./action-event-builders.js";

const ORDER = {
  tenantId: "acme",
  customerId: "cust-1",
  orderId: "A-1",
  placedAt: "2026-11-15T12:00:00.000Z",
  totalMinor: 100_000,
};
const HOUR = 3_600_000;

/** A harness whose model proposes one refund of `amountMinor` for order A-1 on every structured request. */
async function pendingRefund(amountMinor: number) {
  const proposal = { type: "refund", amountMinor, currency: "EUR", orderId: "A-1", reason: "parcel damaged" };
  const llm = createScriptedFakeLlmProvider({
    script: (request) =>
      fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "Let me check."),
  });
  const h = createActionsHarness({
    llm,
    policies: { acme: demoPolicyFor("acme") },
    orders: [ORDER],
    approvalTtlMs: 24 * HOUR,
  });
  await h.say(`refund ${amountMinor / 100} for order A-1`);
  const [action] = await h.actionStates();
  if (!action) throw new Error("no action was proposed");
  const decide = (decision: "approve" | "reject", by: string, reason = "looked at the photos") =>
    h.actions.approvals.decide({
      tenantId: "acme",
      actionId: action.actionId,
      decision,
      by,
      reason,
      requestId: `req-${by}`,
    });
  const notices = async () =>
    (await conversationEvents(h.eventStore))
      .filter((event) => event.metadata.actor.id === "frontdesk-actions")
      .map((event) => String(event.data.text));
  return { h, action, decide, notices };
}

describe("approval queue", () => {
  it("lists a pending approval with the conversation, the proposal and the rules that asked for it", async () => {
    const { h, action } = await pendingRefund(6000);

    const pending = await h.actions.approvals.pending("acme");

    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      approvalsNeeded: 1,
      action: {
        actionId: action.actionId,
        type: "refund",
        amountMinor: 6000,
        reason: "parcel damaged",
        approval: "one_human",
        ruleIds: ["refund-over-50"],
      },
    });
    expect(pending[0]?.conversation.map((line) => line.role)).toEqual(["customer", "assistant", "assistant"]);
    expect(await h.actions.approvals.pending("other-tenant")).toEqual([]);
  });

  it("executes once approved, records who and when, and tells the customer", async () => {
    const { h, decide, notices } = await pendingRefund(6000);

    const decided = await decide("approve", "ops-ann");

    expect(decided).toMatchObject({
      ok: true,
      value: {
        outcome: "approved",
        executed: true,
        action: {
          status: "executed",
          approvers: [{ by: "ops-ann", at: "2026-11-20T12:00:00.000Z", reason: "looked at the photos" }],
        },
      },
    });
    expect(h.executor.executed).toHaveLength(1);
    expect((await notices()).at(-1)).toMatch(
      /^Good news: your refund of 60\.00 EUR for order A-1 was approved and has been processed/,
    );
    expect(await h.actions.approvals.pending("acme")).toEqual([]);
  });

  it("cannot apply twice: a replayed approval or late rejection is refused and executes nothing more", async () => {
    const { h, decide } = await pendingRefund(6000);
    await decide("approve", "ops-ann");

    expect(await decide("approve", "ops-ann")).toMatchObject({ ok: false, error: { code: "approval_not_pending" } });
    expect(await decide("reject", "ops-bob")).toMatchObject({ ok: false, error: { code: "approval_not_pending" } });
    expect(h.executor.calls).toHaveLength(1);
  });

  it("needs two distinct admins for two_humans", async () => {
    const { h, decide } = await pendingRefund(30_000);

    expect(await decide("approve", "ops-ann")).toMatchObject({
      ok: true,
      value: { outcome: "approval_recorded", executed: false },
    });
    expect(await h.actions.approvals.pending("acme")).toMatchObject([
      { approvalsNeeded: 1, action: { approvers: [{ by: "ops-ann" }] } },
    ]);
    expect(await decide("approve", "ops-ann")).toMatchObject({ ok: false, error: { code: "duplicate_approver" } });
    expect(h.executor.calls).toEqual([]);

    expect(await decide("approve", "ops-bob")).toMatchObject({
      ok: true,
      value: { outcome: "approved", executed: true, action: { decidedBy: "ops-ann,ops-bob" } },
    });
    expect(h.executor.executed).toHaveLength(1);
  });

  it("rejects with a reason, executes nothing and tells the customer", async () => {
    const { h, decide, notices } = await pendingRefund(6000);

    expect(await decide("reject", "ops-ann", "refunded last week already")).toMatchObject({
      ok: true,
      value: { outcome: "rejected", action: { status: "denied", decidedBy: "ops-ann" } },
    });
    expect(h.executor.calls).toEqual([]);
    expect((await notices()).at(-1)).toMatch(/could not be approved/);
  });

  it("refuses a decision after expiry, records the expiry once and tells the customer", async () => {
    const { h, action, decide, notices } = await pendingRefund(6000);
    h.advance(24 * HOUR);

    expect(await decide("approve", "ops-ann")).toMatchObject({ ok: false, error: { code: "approval_expired" } });
    expect(await decide("approve", "ops-bob")).toMatchObject({ ok: false, error: { code: "approval_expired" } });

    const stream = await h.eventStore.readStream(`action:acme:${action.actionId}`);
    const denials = (stream.ok ? stream.value : []).filter((event) => event.type === "action.denied");
    expect(denials.map((event) => event.data)).toEqual([
      expect.objectContaining({ deniedBy: "system", ruleIds: ["approval_expired"] }),
    ]);
    expect((await notices()).at(-1)).toMatch(/was not reviewed in time/);
    expect(h.executor.calls).toEqual([]);
  });

  it("re-checks policy as the approval takes effect: a limit reached since denies it (policy_now_denies)", async () => {
    const amounts = [6000, 2000, 2000];
    let call = 0;
    const llm = createScriptedFakeLlmProvider({
      script: (request) =>
        fakeReply(
          request.responseFormat
            ? JSON.stringify({
                proposals: [
                  { type: "refund", amountMinor: amounts[call++] ?? 0, currency: "EUR", orderId: "A-1", reason: "r" },
                ],
              })
            : "ok",
        ),
    });
    const h = createActionsHarness({ llm, policies: { acme: demoPolicyFor("acme") }, orders: [ORDER] });
    for (const text of ["refund 60", "refund 20", "refund 20 again"]) await h.say(`${text} for order A-1`);
    const [pendingOne] = await h.actionStates();
    expect((await h.actionStates()).map((state) => state.status)).toEqual(["pending_approval", "executed", "executed"]);

    const decided = await h.actions.approvals.decide({
      tenantId: "acme",
      actionId: pendingOne?.actionId ?? "",
      decision: "approve",
      by: "ops-ann",
      reason: "fine",
      requestId: "r",
    });

    expect(decided).toMatchObject({
      ok: false,
      error: { code: "policy_now_denies", ruleIds: expect.arrayContaining(["refund.per_customer_count"]) },
    });
    expect((await h.actionStates())[0]).toMatchObject({ status: "denied", decidedBy: "system" });
    expect(h.executor.executed.map((command) => command.amountMinor)).toEqual([2000, 2000]);
    const texts = (await conversationEvents(h.eventStore))
      .filter((event) => event.metadata.actor.id === "frontdesk-actions")
      .map((event) => String(event.data.text));
    expect(texts.at(-1)).toMatch(/refund of 60\.00 EUR for order A-1 was reviewed and could not be approved/);
  });

  it("sweep confirms an approval in log order before executing it (its recording instance stopped)", async () => {
    const llm = createScriptedFakeLlmProvider({ script: () => fakeReply("Let me check.") });
    const h = createActionsHarness({ llm, policies: { acme: demoPolicyFor("acme") }, orders: [ORDER] });
    const context = {
      tenantId: "acme",
      customerId: "cust-1",
      now: h.now().toISOString(),
      customer: { tier: "standard", priorRefunds: 0, riskFlags: [] },
      order: null,
      usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0 },
    };
    // Three automatic approvals recorded as if by instances that stopped before confirming them; the demo policy allows
    // two refunds per customer per 30 days, so the third in the log must not be executed.
    for (const n of [1, 2, 3]) {
      const turn = {
        tenantId: "acme",
        conversationId: "conv-1",
        customerId: "cust-1",
        correlationId: `corr-${n}`,
        replyEventId: deterministicUuid(`reply-${n}`),
      };
      const actionId = proposalActionId(turn.replyEventId, 0);
      const proposal = { type: "refund", amountMinor: 2000, currency: "EUR", orderId: "A-1", reason: "parcel damaged" };
      const decision = {
        verdict: "approve" as const,
        approval: "automatic" as const,
        ruleIds: ["refund.automatic"],
        reasons: ["small refunds are automatic"],
      };
      const events = proposalEvents({
        turn,
        actionId,
        proposal,
        context,
        proposer: { provider: "fake", model: "m" },
        decision,
        policyVersion: 1,
        expiresAt: "2026-11-23T12:00:00.000Z",
      });
      expect(
        (await h.eventStore.append(actionStreamName("acme", actionId), events, { expectedVersion: "no_stream" })).ok,
      ).toBe(true);
    }

    expect(await h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 2 });

    expect(h.executor.executed).toHaveLength(2);
    expect((await h.actionStates()).map((action) => [action.status, action.ruleIds[0]])).toEqual([
      ["executed", "refund.automatic"],
      ["executed", "refund.automatic"],
      ["denied", "policy_now_denies"],
    ]);
  });

  it("sweeps: records lapsed approvals, retries failed executions except ones the integration refused", async () => {
    const first = await pendingRefund(6000);
    first.h.executor.failNext(1);
    expect(await first.decide("approve", "ops-ann")).toMatchObject({
      ok: true,
      value: { outcome: "approved", executed: false, action: { status: "approved", executionFailures: 1 } },
    });

    expect(await first.h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 1 });
    expect(first.h.executor.executed).toHaveLength(1);
    expect(await first.h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 0 });

    const refused = await pendingRefund(6000);
    refused.h.executor.failNext(1, { code: "execution_rejected", kind: "semantic" });
    await refused.decide("approve", "ops-ann");
    expect(await refused.h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 0 });
    expect((await refused.h.actionStates())[0]).toMatchObject({ status: "approved", lastFailureKind: "semantic" });

    const second = await pendingRefund(6000);
    second.h.advance(25 * HOUR);
    expect(await second.h.actions.approvals.sweep()).toEqual({ expired: 1, executed: 0 });
    expect((await second.h.actionStates())[0]).toMatchObject({ status: "denied", expired: true });
  });
});
