import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { diffPolicies } from "./diff-policies.js";
import { demoPolicy } from "../testing/policy-fixtures.js";

function edited(change: (policy: PolicyDocument) => void): PolicyDocument {
  const policy = demoPolicy();
  change(policy);
  return policy;
}

describe("diffPolicies", () => {
  it("finds nothing between a policy and itself", () => {
    expect(diffPolicies(demoPolicy(), demoPolicy())).toEqual([]);
  });

  it("lists changed, added and removed fields by path", () => {
    const next = edited((policy) => {
      policy.version = 2;
      policy.actions.refund!.maxAmountMinor = 30_000;
      delete policy.dailyBudgetMinor;
      delete policy.actions.handoff;
      policy.actions.discount!.perCustomer = undefined;
    });
    const lines = diffPolicies(demoPolicy(), next).map((change) => change.description);
    expect(lines).toEqual([
      'actions.discount.perCustomer: removed (was {"periodDays":90,"maxCount":3})',
      'actions.handoff: removed (was {"enabled":true,"approval":"automatic","requiresOrder":false})',
      "actions.refund.maxAmountMinor: 50000 → 30000",
      "dailyBudgetMinor: removed (was 200000)",
      "version: 1 → 2",
    ]);
  });

  it("matches rules by id and describes them in one line", () => {
    const next = edited((policy) => {
      policy.rules = policy.rules.filter((rule) => rule.id !== "frequent-refunder");
      const window = policy.rules.find((rule) => rule.id === "refund-window")!;
      window.when = [{ field: "order.ageDays", op: "gt", value: 14 }];
      policy.rules.push({
        id: "no-vip-tickets",
        appliesTo: ["create_ticket"],
        when: [{ field: "customer.tier", op: "eq", value: "vip" }],
        then: "one_human",
      });
    });
    const changes = diffPolicies(demoPolicy(), next);
    expect(changes).toEqual([
      {
        path: "rules.refund-window",
        kind: "changed",
        description:
          "rule refund-window: deny for refund when order.ageDays gt 30 → deny for refund when order.ageDays gt 14",
      },
      {
        path: "rules.frequent-refunder",
        kind: "removed",
        description:
          "rule frequent-refunder removed (was: needs one human for refund when customer.priorRefunds gte 3)",
      },
      {
        path: "rules.no-vip-tickets",
        kind: "added",
        description: "rule no-vip-tickets added: needs one human for create_ticket when customer.tier eq vip",
      },
    ]);
  });

  it("reports intents added to or removed from the edge's lists, and changed answers", () => {
    const next = edited((policy) => {
      policy.edge.handoffIntents = ["report_fraud", "speak_to_human"];
      policy.edge.answers.greeting = "Hi!";
      policy.edge.thresholds.answerLocally = 0.8;
    });
    expect(diffPolicies(demoPolicy(), next).map((change) => change.description)).toEqual([
      'edge.answers.greeting: "Hello! How can I help you today?" → "Hi!"',
      "edge.handoffIntents: added speak_to_human; removed report_lost_card",
      "edge.thresholds.answerLocally: 0.7 → 0.8",
    ]);
  });

  it("notices rules that only moved", () => {
    const next = edited((policy) => policy.rules.reverse());
    expect(diffPolicies(demoPolicy(), next)).toEqual([
      { path: "rules", kind: "changed", description: expect.stringContaining("reordered") },
    ]);
  });
});
