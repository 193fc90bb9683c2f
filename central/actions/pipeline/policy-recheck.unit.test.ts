import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import { evaluatePolicy } from "../../policy/engine/evaluate-policy.js";
import { createInMemoryOrderLookup } from "../context/in-memory-order-lookup.js";
import { createActionLedger } from "../ledger/action-ledger.js";
import { createActionsHarness, demoPolicyFor, staticPolicySource } from "../testing/actions-harness.js";
import { createDecisionContext } from "./decision-context.js";
import { recheckAction } from "./policy-recheck.js";

/** The demo policy with room for more refunds per customer, so its `frequent-refunder` rule (3 or more) can apply. */
function roomyPolicy() {
  const demo = demoPolicyFor("acme");
  const refund = { ...demo.actions.refund, perCustomer: { periodDays: 30, maxCount: 10 } };
  return demoPolicyFor("acme", { actions: { ...demo.actions, refund } });
}

describe("confirming an approval in the log's order", () => {
  it("gives the sweep the first confirmation's answer: refunds executed after the approval do not count", async () => {
    const proposal = { type: "refund", amountMinor: 2000, currency: "EUR", orderId: "A-1", reason: "broken" };
    const llm = createScriptedFakeLlmProvider({
      script: (request) => fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "ok"),
    });
    const order = { orderId: "A-1", placedAt: "2026-11-18T12:00:00.000Z", totalMinor: 50_000 };
    const h = createActionsHarness({
      llm,
      policies: { acme: roomyPolicy() },
      orders: [{ tenantId: "acme", customerId: "cust-1", ...order }],
    });
    h.executor.failNext(1);
    await h.say("refund 20 for order A-1");
    for (const turn of [1, 2, 3]) await h.say(`and another refund (${turn})`);
    expect((await h.actionStates()).map((action) => action.status)).toEqual([
      "approved",
      "executed",
      "executed",
      "executed",
    ]);

    // Confirmed automatically when it was approved (no prior refunds then); its execution failed, so the sweep
    // confirms it again: three refunds executed since must not make it a frequent refunder's after the fact.
    expect(await h.actions.approvals.sweep()).toEqual({ expired: 0, executed: 1 });
    const [first] = await h.actionStates();
    expect(first).toMatchObject({ status: "executed", ruleIds: ["refund.approval"] });
    expect(h.executor.executed).toHaveLength(4);
  });
});

describe("evaluating a recorded action again", () => {
  it("keeps an unverified web visitor unverified: the recheck denies with identity.unverified", async () => {
    const proposal = { type: "refund", amountMinor: 1250, currency: "EUR", orderId: "A-1", reason: "broken" };
    const llm = createScriptedFakeLlmProvider({
      script: (request) => fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "ok"),
    });
    const order = { orderId: "A-1", placedAt: "2026-11-18T12:00:00.000Z", totalMinor: 50_000 };
    const orders = [{ tenantId: "acme", customerId: "cust-1", ...order }];
    const policies = { acme: demoPolicyFor("acme") };
    const h = createActionsHarness({ llm, policies, orders });
    await h.say("refund 12.50 for order A-1", { channel: "web", customerVerified: false });
    const [state] = await h.actionStates();
    expect(state).toMatchObject({ status: "denied", customerVerified: false });
    const deps = {
      eventStore: h.eventStore,
      executor: h.executor,
      policies: staticPolicySource(policies),
      evaluate: evaluatePolicy,
      contextFor: createDecisionContext({
        ledger: createActionLedger(h.eventStore),
        summaries: { summary: async () => null },
        orders: createInMemoryOrderLookup(orders),
      }),
      clock: h.now,
    };
    const recheck = await recheckAction(deps, state!);
    expect(recheck.decision).toMatchObject({ verdict: "deny", ruleIds: ["identity.unverified"] });
    // The same action recorded for a verified customer is approved by this policy: the flag decides.
    const verified = await recheckAction(deps, { ...state!, customerVerified: true });
    expect(verified.decision.verdict).toBe("approve");
  });
});
