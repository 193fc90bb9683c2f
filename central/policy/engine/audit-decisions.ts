import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { AuditRecord, AuditReport, DecisionDifference } from "../../../shared/policy/audit-record.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { evaluatePolicy } from "./evaluate-policy.js";
import { suggestCompensation } from "./suggest-compensation.js";

/** 0 automatic, 1 one human, 2 two humans, 3 denied. */
function strictness(decision: PolicyDecision): number {
  if (decision.verdict === "deny") return 3;
  return decision.approval === "two_humans" ? 2 : decision.approval === "one_human" ? 1 : 0;
}

function sameOutcome(a: PolicyDecision, b: PolicyDecision): boolean {
  return a.verdict === b.verdict && a.approval === b.approval;
}

/**
 * Replays past decisions under a candidate policy and lists those whose outcome (verdict or approval) differs; an
 * executed action the candidate would deny or send to a person gets a suggested compensation. Records of another
 * tenant are decided as the evaluator decides them (denied `tenant_mismatch`), so callers pass one tenant's records.
 * Pure: the clock of each replay is the `now` recorded in its context.
 */
export function auditDecisions(records: readonly AuditRecord[], candidate: PolicyDocument): AuditReport {
  const differences: DecisionDifference[] = [];
  for (const record of records) {
    const after = evaluatePolicy(candidate, record.proposal, record.context);
    if (sameOutcome(record.decision, after)) continue;
    differences.push({
      eventId: record.eventId,
      correlationId: record.correlationId,
      ...(record.actionId === undefined ? {} : { actionId: record.actionId }),
      proposal: record.proposal,
      executed: record.executed,
      before: record.decision,
      beforePolicyVersion: record.policyVersion,
      after,
      change: strictness(after) > strictness(record.decision) ? "stricter" : "looser",
      compensation: suggestCompensation(record.proposal, record.executed, after),
    });
  }
  return {
    tenantId: candidate.tenantId,
    candidateVersion: candidate.version,
    examined: records.length,
    changed: differences.length,
    stricter: differences.filter((d) => d.change === "stricter").length,
    looser: differences.filter((d) => d.change === "looser").length,
    executedNowDenied: differences.filter((d) => d.executed && d.after.verdict === "deny").length,
    differences,
  };
}
