import { describe, expect, it } from "vitest";
import { actionProposalSchema, noActivePolicyDecision, policyDecisionSchema } from "./action-proposal.js";

describe("actionProposalSchema", () => {
  it("accepts an unknown action type, which the evaluator denies later", () => {
    expect(
      actionProposalSchema.safeParse({
        type: "wire_transfer",
        amountMinor: 500_000,
        currency: "USD",
        reason: "manager said so",
      }).success,
    ).toBe(true);
  });

  it("rejects negative or fractional amounts, lower-case currencies and a missing reason", () => {
    const bad = [
      { type: "refund", amountMinor: -100, currency: "EUR", reason: "x" },
      { type: "refund", amountMinor: 10.5, currency: "EUR", reason: "x" },
      { type: "refund", amountMinor: 100, currency: "eur", reason: "x" },
      { type: "refund", amountMinor: 100, currency: "EUR" },
      { type: "", reason: "x" },
    ];
    for (const proposal of bad) expect(actionProposalSchema.safeParse(proposal).success).toBe(false);
  });
});

describe("policyDecisionSchema", () => {
  it("ties the approval to the verdict and one reason to each rule id", () => {
    const decision = { verdict: "approve", approval: "automatic", ruleIds: ["refund.approval"], reasons: ["fine"] };
    expect(policyDecisionSchema.safeParse(decision).success).toBe(true);
    expect(policyDecisionSchema.safeParse({ ...decision, approval: "one_human" }).success).toBe(false);
    expect(policyDecisionSchema.safeParse({ ...decision, verdict: "deny" }).success).toBe(false);
    expect(
      policyDecisionSchema.safeParse({ ...decision, verdict: "needs_approval", approval: "two_humans" }).success,
    ).toBe(true);
    expect(policyDecisionSchema.safeParse({ ...decision, reasons: [] }).success).toBe(false);
  });

  it("denies with rule no_active_policy when a tenant has no policy", () => {
    const decision = noActivePolicyDecision();
    expect(policyDecisionSchema.parse(decision)).toEqual({
      verdict: "deny",
      approval: null,
      ruleIds: ["no_active_policy"],
      reasons: [expect.any(String)],
    });
  });
});
