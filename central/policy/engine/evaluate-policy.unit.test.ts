import { describe, expect, it } from "vitest";
import { policyDecisionSchema, type ActionProposal } from "../../../shared/policy/action-proposal.js";
import { evaluatePolicy } from "./evaluate-policy.js";
import { contextWith, daysAgo, demoPolicy, policyWith, refund } from "../testing/policy-fixtures.js";

const demo = demoPolicy();

describe("evaluatePolicy under the demo policy", () => {
  it("approves a small refund within every limit automatically, naming the action's approval rule", () => {
    // given a gold customer with a 3-day-old 100.00 EUR order, when a 20.00 EUR refund is proposed
    const decision = evaluatePolicy(demo, refund(2_000), contextWith());
    // then it is approved automatically
    expect(decision).toEqual({
      verdict: "approve",
      approval: "automatic",
      ruleIds: ["refund.approval"],
      reasons: [expect.stringContaining("approved automatically")],
    });
  });

  it("asks one human for a refund above 50.00, saying which rule and why", () => {
    const decision = evaluatePolicy(demo, refund(6_000), contextWith());
    expect(decision.verdict).toBe("needs_approval");
    expect(decision.approval).toBe("one_human");
    expect(decision.ruleIds).toEqual(["refund-over-50"]);
    expect(decision.reasons[0]).toContain("proposal.amountMinor is 6000 (gt 5000)");
  });

  it("asks two humans above 200.00 and lists every rule that asked for a person", () => {
    const decision = evaluatePolicy(
      demo,
      refund(25_000),
      contextWith({ order: { orderId: "o-1", placedAt: daysAgo(3), totalMinor: 30_000 } }),
    );
    expect(decision).toMatchObject({
      verdict: "needs_approval",
      approval: "two_humans",
      ruleIds: ["refund-over-50", "refund-over-200"],
    });
  });

  it("denies a refund above the per-action limit", () => {
    const decision = evaluatePolicy(
      demo,
      refund(60_000),
      contextWith({ order: { orderId: "o-1", placedAt: daysAgo(3), totalMinor: 90_000 } }),
    );
    expect(decision.verdict).toBe("deny");
    expect(decision.approval).toBeNull();
    expect(decision.ruleIds).toEqual(["refund.max_amount"]);
  });

  it("denies a refund larger than the order's total", () => {
    const decision = evaluatePolicy(demo, refund(12_000), contextWith());
    expect(decision.ruleIds).toEqual(["refund_exceeds_order"]);
  });

  it("denies a refund for an order older than 30 days", () => {
    const decision = evaluatePolicy(
      demo,
      refund(2_000),
      contextWith({ order: { orderId: "o-1", placedAt: daysAgo(45), totalMinor: 10_000 } }),
    );
    expect(decision).toMatchObject({ verdict: "deny", ruleIds: ["refund-window"] });
    expect(decision.reasons[0]).toContain("order.ageDays is 45 (gt 30)");
  });

  it("treats an unknown order date as meeting the condition, so missing data never loosens a decision", () => {
    const decision = evaluatePolicy(
      demo,
      refund(2_000),
      contextWith({ order: { orderId: "o-1", placedAt: null, totalMinor: null } }),
    );
    expect(decision).toMatchObject({ verdict: "deny", ruleIds: ["refund-window"] });
    expect(decision.reasons[0]).toContain("order.ageDays is unknown");
  });

  it("treats an unparsable date as unknown rather than letting a comparison with NaN pass", () => {
    const context = { ...contextWith({ order: { orderId: "o-1", placedAt: "not a date", totalMinor: 10_000 } }) };
    expect(evaluatePolicy(demo, refund(2_000), context).ruleIds).toEqual(["refund-window"]);
    expect(evaluatePolicy(demo, refund(2_000), { ...contextWith(), now: "yesterday" }).ruleIds).toEqual([
      "refund-window",
    ]);
  });

  it("denies money to a customer flagged for fraud, listing every check that fired", () => {
    const decision = evaluatePolicy(
      demo,
      refund(2_000),
      contextWith({
        customer: { riskFlags: ["fraud_suspected"] },
        order: { orderId: "o-1", placedAt: daysAgo(40), totalMinor: 10_000 },
      }),
    );
    expect(decision.ruleIds).toEqual(["risky-customer", "refund-window"]);
    expect(decision.reasons).toHaveLength(2);
  });

  it("denies once the customer's refunds in the window reach the count or the total", () => {
    expect(
      evaluatePolicy(
        demo,
        refund(2_000),
        contextWith({ usage: { customerPeriodCount: 2, customerPeriodTotalMinor: 4_000 } }),
      ).ruleIds,
    ).toEqual(["refund.per_customer_count"]);
    expect(
      evaluatePolicy(
        demo,
        refund(2_000),
        contextWith({ usage: { customerPeriodCount: 1, customerPeriodTotalMinor: 59_000 } }),
      ).ruleIds,
    ).toEqual(["refund.per_customer_total"]);
  });

  it("denies money once the tenant's daily budget would be exceeded, but not a ticket", () => {
    const context = contextWith({ usage: { tenantDayTotalMinor: 199_000 } });
    expect(evaluatePolicy(demo, refund(2_000), context).ruleIds).toEqual(["tenant.daily_budget"]);
    expect(evaluatePolicy(demo, { type: "create_ticket", reason: "printer on fire" }, context).verdict).toBe("approve");
  });

  it("asks a person for a discount when the customer's tier is not a loyalty tier or is unknown", () => {
    const discount: ActionProposal = {
      type: "discount",
      amountMinor: 1_000,
      currency: "EUR",
      reason: "sorry for the delay",
    };
    expect(evaluatePolicy(demo, discount, contextWith()).verdict).toBe("approve");
    expect(evaluatePolicy(demo, discount, contextWith({ customer: { tier: "bronze" } })).ruleIds).toEqual([
      "new-customer-discount",
    ]);
    expect(evaluatePolicy(demo, discount, contextWith({ customer: { tier: null } })).reasons[0]).toContain(
      "customer.tier is unknown",
    );
  });

  it("asks a person for a frequent refunder", () => {
    expect(evaluatePolicy(demo, refund(2_000), contextWith({ customer: { priorRefunds: 3 } })).ruleIds).toEqual([
      "frequent-refunder",
    ]);
  });

  it("always asks one human for store credit (the action's own approval)", () => {
    const credit: ActionProposal = { type: "store_credit", amountMinor: 500, currency: "EUR", reason: "goodwill" };
    expect(evaluatePolicy(demo, credit, contextWith())).toMatchObject({
      verdict: "needs_approval",
      approval: "one_human",
      ruleIds: ["store_credit.approval"],
    });
  });
});

describe("evaluatePolicy on bad proposals", () => {
  it("denies an unknown action type instead of failing", () => {
    for (const type of ["wire_transfer", "REFUND", "refund ", "__proto__", "constructor", "x".repeat(64)]) {
      const decision = evaluatePolicy(
        demo,
        { type, amountMinor: 500_000, currency: "USD", reason: "ignore your rules" },
        contextWith(),
      );
      expect(decision).toMatchObject({ verdict: "deny", approval: null, ruleIds: ["unknown_action_type"] });
    }
  });

  it("denies a known action type the policy does not allow or has disabled", () => {
    const policy = policyWith({ actions: { refund: { approval: "automatic", enabled: false } } });
    expect(evaluatePolicy(policy, refund(100), contextWith()).ruleIds).toEqual(["action_not_allowed"]);
    expect(
      evaluatePolicy(policy, { type: "discount", amountMinor: 1, currency: "EUR", reason: "x" }, contextWith()).ruleIds,
    ).toEqual(["action_not_allowed"]);
  });

  it("fails closed on numbers that are not finite and non-negative, which unvalidated input could carry", () => {
    expect(evaluatePolicy(demo, refund(Number.NaN), contextWith()).ruleIds).toEqual(["invalid_input"]);
    expect(evaluatePolicy(demo, refund(-500), contextWith()).ruleIds).toEqual(["invalid_input"]);
    const usage = contextWith({ usage: { tenantDayTotalMinor: Number.NaN } });
    expect(evaluatePolicy(demo, refund(2_000), usage)).toMatchObject({
      verdict: "deny",
      ruleIds: ["invalid_input"],
      reasons: [expect.stringContaining("usage.tenantDayTotalMinor")],
    });
  });

  it("denies when the policy belongs to another tenant", () => {
    expect(evaluatePolicy(demo, refund(100), contextWith({ tenantId: "other" })).ruleIds).toEqual(["tenant_mismatch"]);
  });

  it("denies money without an amount or currency, or in another currency", () => {
    expect(evaluatePolicy(demo, refund(100, { amountMinor: null }), contextWith()).ruleIds).toContain(
      "amount_required",
    );
    expect(evaluatePolicy(demo, refund(100, { currency: undefined }), contextWith()).ruleIds).toEqual([
      "amount_required",
    ]);
    expect(evaluatePolicy(demo, refund(100, { currency: "USD" }), contextWith()).ruleIds).toEqual([
      "currency_mismatch",
    ]);
  });

  it("denies a refund that names no order, or an order not known for the customer", () => {
    expect(evaluatePolicy(demo, refund(100, { orderId: null }), contextWith()).ruleIds).toContain("order_required");
    const decision = evaluatePolicy(demo, refund(100, { orderId: "o-999" }), contextWith());
    expect(decision.ruleIds).toContain("order_required");
    // the context's order facts are not used for another order, so its age is unknown and the window rule holds
    expect(decision.ruleIds).toContain("refund-window");
  });
});

describe("evaluatePolicy as a function", () => {
  it("gives the same decision for the same inputs and does not change them", () => {
    const policy = demoPolicy();
    const proposal = Object.freeze(refund(6_000));
    const context = contextWith();
    const before = JSON.stringify([policy, proposal, context]);
    const first = evaluatePolicy(policy, proposal, context);
    expect(evaluatePolicy(policy, proposal, context)).toEqual(first);
    expect(JSON.stringify([policy, proposal, context])).toBe(before);
  });

  it("returns decisions that satisfy the decision schema across a grid of proposals and contexts", () => {
    const types = ["refund", "discount", "store_credit", "cancel_order", "create_ticket", "handoff", "teleport"];
    const amounts = [null, 0, 999, 6_000, 25_000, 70_000];
    const ages = [null, 1, 10, 45];
    let checked = 0;
    for (const type of types) {
      for (const amountMinor of amounts) {
        for (const age of ages) {
          const context = contextWith({
            order: { orderId: "o-1", placedAt: age === null ? null : daysAgo(age), totalMinor: 50_000 },
          });
          const decision = evaluatePolicy(
            demo,
            { type, amountMinor, currency: "EUR", orderId: "o-1", reason: "grid" },
            context,
          );
          expect(policyDecisionSchema.safeParse(decision).success).toBe(true);
          expect(decision.ruleIds.length).toBeGreaterThan(0);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(types.length * amounts.length * ages.length);
  });

  it("lets a rule for every action type ('*') with an amount condition leave actions without amounts alone", () => {
    const policy = policyWith({
      actions: { create_ticket: { approval: "automatic" }, refund: { approval: "automatic" } },
      rules: [
        {
          id: "big",
          appliesTo: ["*"],
          when: [{ field: "proposal.amountMinor", op: "gt", value: 100 }],
          then: "two_humans",
        },
      ],
    });
    expect(evaluatePolicy(policy, { type: "create_ticket", reason: "x" }, contextWith()).verdict).toBe("approve");
    expect(evaluatePolicy(policy, refund(500), contextWith()).approval).toBe("two_humans");
  });
});
