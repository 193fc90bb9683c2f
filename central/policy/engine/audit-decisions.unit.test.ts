import { describe, expect, it } from "vitest";
import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import { auditReportSchema, type AuditRecord } from "../../../shared/policy/audit-record.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";
import { auditDecisions } from "./audit-decisions.js";
import { evaluatePolicy } from "./evaluate-policy.js";
import { contextWith, daysAgo, demoPolicy, refund } from "../testing/policy-fixtures.js";

const v1 = demoPolicy();

/** A record as it would have been logged under v1. */
function recorded(id: string, proposal: ActionProposal, context: PolicyContext, executed: boolean): AuditRecord {
  return {
    eventId: `evt-${id}`,
    correlationId: `corr-${id}`,
    actionId: `act-${id}`,
    proposal,
    context,
    decision: evaluatePolicy(v1, proposal, context),
    policyVersion: 1,
    executed,
  };
}

const oldOrder = contextWith({ order: { orderId: "o-1", placedAt: daysAgo(20), totalMinor: 10_000 } });
const history: AuditRecord[] = [
  recorded("a", refund(2_000), contextWith(), true), // 3-day-old order: fine under both
  recorded("b", refund(2_000), oldOrder, true), // 20-day-old order: v2 refuses, and it was executed
  recorded("c", refund(3_000), oldOrder, false), // same, never executed
  recorded("d", { type: "discount", amountMinor: 4_000, currency: "EUR", reason: "late" }, contextWith(), true),
  recorded(
    "e",
    { type: "cancel_order", orderId: "o-1", reason: "changed mind" },
    contextWith({ order: { orderId: "o-1", placedAt: daysAgo(1), totalMinor: 10_000 } }),
    true,
  ),
];

describe("auditDecisions", () => {
  it("lists nothing when the candidate is the policy the decisions were made under", () => {
    const report = auditDecisions(history, v1);
    expect(report).toMatchObject({ examined: 5, changed: 0, differences: [] });
  });

  it("lists the decisions a stricter candidate changes, with a compensation for executed ones now denied", () => {
    // given v2 shortens the refund window to 14 days and caps discounts at 30.00
    const v2 = demoPolicy();
    v2.version = 2;
    v2.rules.find((rule) => rule.id === "refund-window")!.when = [{ field: "order.ageDays", op: "gt", value: 14 }];
    v2.actions.discount!.maxAmountMinor = 3_000;
    // when the history is replayed under v2
    const report = auditDecisions(history, v2);
    // then b, c and d differ; b and d were executed and get compensations
    expect(auditReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({
      tenantId: "demo",
      candidateVersion: 2,
      examined: 5,
      changed: 3,
      stricter: 3,
      looser: 0,
      executedNowDenied: 2,
    });
    expect(
      report.differences.map((d) => [
        d.eventId,
        d.before.verdict,
        d.after.verdict,
        d.after.ruleIds,
        d.compensation?.action ?? null,
      ]),
    ).toEqual([
      ["evt-b", "approve", "deny", ["refund-window"], "reverse_refund"],
      ["evt-c", "approve", "deny", ["refund-window"], null],
      ["evt-d", "approve", "deny", ["discount.max_amount"], "revoke_discount"],
    ]);
    expect(report.differences[0]!.compensation).toMatchObject({
      amountMinor: 2_000,
      currency: "EUR",
      note: expect.stringContaining("claw it back"),
    });
  });

  it("suggests a review for an executed action that would now need a person, and counts looser decisions", () => {
    const v2 = demoPolicy();
    v2.version = 2;
    v2.actions.cancel_order!.approval = "one_human"; // stricter for e
    v2.rules = v2.rules.filter((rule) => rule.id !== "refund-window"); // looser for b and c
    const report = auditDecisions(history, v2);
    expect(report).toMatchObject({ changed: 1, stricter: 1, looser: 0 }); // b and c were approved already
    expect(report.differences[0]).toMatchObject({
      eventId: "evt-e",
      change: "stricter",
      after: { verdict: "needs_approval" },
      compensation: { action: "human_review" },
    });

    const denied = recorded(
      "f",
      refund(2_000),
      contextWith({ order: { orderId: "o-1", placedAt: daysAgo(40), totalMinor: 10_000 } }),
      false,
    );
    expect(denied.decision.verdict).toBe("deny");
    expect(auditDecisions([denied], v2)).toMatchObject({
      changed: 1,
      looser: 1,
      stricter: 0,
      differences: [{ change: "looser", compensation: null }],
    });
  });

  it("replays each record at the time recorded in its context, not at the time of the audit", () => {
    const record = recorded(
      "g",
      refund(2_000),
      contextWith({ order: { orderId: "o-1", placedAt: daysAgo(29), totalMinor: 10_000 } }),
      true,
    );
    expect(auditDecisions([record], v1).changed).toBe(0);
  });
});
