import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "./evaluate-policy.js";
import { demoPolicy } from "../testing/policy-fixtures.js";
import { actionProposalSchema } from "../../../shared/policy/action-proposal.js";
import { policyContextSchema } from "../../../shared/policy/policy-context.js";
import { policyWorkload } from "./policy-workload.js";

describe("policy benchmark workload", () => {
  it("is the same on every run and made of valid proposals and contexts", () => {
    const cases = policyWorkload(500);
    expect(policyWorkload(500)).toEqual(cases);
    for (const { proposal, context } of cases) {
      expect(actionProposalSchema.safeParse(proposal).success).toBe(true);
      expect(policyContextSchema.safeParse(context).success).toBe(true);
    }
  });

  it("exercises every verdict and most of the demo policy's rules", () => {
    const policy = demoPolicy();
    const verdicts = new Set<string>();
    const ruleIds = new Set<string>();
    for (const { proposal, context } of policyWorkload(2_000)) {
      const decision = evaluatePolicy(policy, proposal, context);
      verdicts.add(decision.verdict);
      for (const id of decision.ruleIds) ruleIds.add(id);
    }
    expect([...verdicts].sort()).toEqual(["approve", "deny", "needs_approval"]);
    for (const rule of policy.rules) expect(ruleIds).toContain(rule.id);
    expect(ruleIds).toContain("unknown_action_type");
    expect(ruleIds).toContain("tenant.daily_budget");
  });
});
