import { describe, expect, it } from "vitest";
import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { evaluatePolicy } from "./evaluate-policy.js";
import { demoPolicy } from "../testing/policy-fixtures.js";
import { policyWorkload } from "./policy-workload.js";

/** 0 automatic, 1 one human, 2 two humans, 3 denied. */
function strictness(decision: PolicyDecision): number {
  if (decision.verdict === "deny") return 3;
  return decision.approval === "two_humans" ? 2 : decision.approval === "one_human" ? 1 : 0;
}

const cases = policyWorkload(3_000, 7);

/** How many decisions got stricter going from `a` to `b`; fails on any that got looser. */
function neverLooser(a: PolicyDocument, b: PolicyDocument): number {
  let stricter = 0;
  for (const { proposal, context } of cases) {
    const before = strictness(evaluatePolicy(a, proposal, context));
    const after = strictness(evaluatePolicy(b, proposal, context));
    expect(after, `${JSON.stringify(proposal)} ${JSON.stringify(context)}`).toBeGreaterThanOrEqual(before);
    if (after > before) stricter += 1;
  }
  return stricter;
}

describe("evaluatePolicy is monotonic: tightening a policy never loosens a decision", () => {
  it("adding a rule only makes decisions stricter", () => {
    const tighter = demoPolicy();
    tighter.rules.push({
      id: "bronze-two",
      appliesTo: ["*"],
      when: [{ field: "customer.tier", op: "eq", value: "bronze" }],
      then: "two_humans",
    });
    expect(neverLooser(demoPolicy(), tighter)).toBeGreaterThan(0);
  });

  it("lowering limits and the budget only makes decisions stricter", () => {
    const tighter = demoPolicy();
    tighter.dailyBudgetMinor = 100_000;
    tighter.actions.refund!.maxAmountMinor = 20_000;
    tighter.actions.refund!.perCustomer = { periodDays: 30, maxCount: 1, maxTotalMinor: 30_000 };
    expect(neverLooser(demoPolicy(), tighter)).toBeGreaterThan(0);
  });

  it("raising an action's own approval or disabling it only makes decisions stricter", () => {
    const tighter = demoPolicy();
    tighter.actions.discount!.approval = "two_humans";
    tighter.actions.create_ticket!.enabled = false;
    expect(neverLooser(demoPolicy(), tighter)).toBeGreaterThan(0);
  });

  it("turning an approval rule into a deny rule only makes decisions stricter", () => {
    const tighter = demoPolicy();
    tighter.rules.find((rule) => rule.id === "refund-over-200")!.then = "deny";
    expect(neverLooser(demoPolicy(), tighter)).toBeGreaterThan(0);
  });
});
