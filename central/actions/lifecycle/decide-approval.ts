import type {
  ActionApprovalRecordedData,
  ActionApprovedData,
  ActionDeniedData,
  Approver,
} from "../../../shared/events/action-events.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { actionRef, APPROVAL_EXPIRED_RULE_ID, type ActionState } from "./action-state.js";

export { APPROVAL_EXPIRED_RULE_ID };

/** A human's decision on a pending action. */
export interface ApprovalCommand {
  decision: "approve" | "reject";
  /** The admin (token id) deciding. */
  by: string;
  reason: string;
  /** ISO time of the decision. */
  now: string;
}

/** What a human decision appends: one event, and whether the action is now fully approved (→ execute). */
export type ApprovalOutcome =
  | { kind: "approval_recorded"; data: ActionApprovalRecordedData }
  | { kind: "approved"; data: ActionApprovedData }
  | { kind: "rejected"; data: ActionDeniedData };

/** Why a human decision cannot be applied. `approval_expired` comes with the denial that records the expiry. */
export type ApprovalRefusal =
  | { code: "not_found"; message: string }
  | { code: "approval_not_pending"; message: string; status: ActionState["status"] }
  | { code: "approval_expired"; message: string; expiry: ActionDeniedData | null }
  | { code: "duplicate_approver"; message: string }
  | { code: "policy_now_denies"; message: string; ruleIds: string[] };

/** True when a pending action's approval window has closed at `now`. */
export function approvalExpired(state: ActionState, now: string): boolean {
  return state.expiresAt !== null && Date.parse(now) >= Date.parse(state.expiresAt);
}

/** The denial recording that a pending action lapsed. */
export function expiryDenial(state: ActionState): ActionDeniedData {
  return {
    ...actionRef(state),
    deniedBy: "system",
    policyVersion: state.policyVersion,
    ruleIds: [APPROVAL_EXPIRED_RULE_ID],
    reasons: [`no decision before ${state.expiresAt ?? "the deadline"}`],
  };
}

/**
 * Decides a human approval or rejection (pure): only a pending, unexpired action can be decided; a second decision on
 * a decided action is refused (a replayed request changes nothing); `two_humans` needs two distinct admins, the first
 * recorded as `approval_recorded`.
 */
export function decideApproval(state: ActionState, command: ApprovalCommand): Result<ApprovalOutcome, ApprovalRefusal> {
  if (state.status === "new") return err({ code: "not_found", message: `no action ${state.actionId}` });
  if (state.expired) {
    return err({
      code: "approval_expired",
      message: `the approval of action ${state.actionId} expired at ${state.expiresAt}`,
      expiry: null,
    });
  }
  if (state.status !== "pending_approval") {
    const message = state.decidedBy
      ? `action ${state.actionId} was already decided (${state.status} by ${state.decidedBy})`
      : `action ${state.actionId} is ${state.status}, not waiting for approval`;
    return err({ code: "approval_not_pending", message, status: state.status });
  }
  if (approvalExpired(state, command.now)) {
    return err({
      code: "approval_expired",
      message: `the approval of action ${state.actionId} expired at ${state.expiresAt}`,
      expiry: expiryDenial(state),
    });
  }
  if (command.decision === "reject") {
    const data: ActionDeniedData = {
      ...actionRef(state),
      deniedBy: command.by,
      note: command.reason,
      policyVersion: state.policyVersion,
      ruleIds: state.ruleIds,
      reasons: state.reasons,
    };
    return ok({ kind: "rejected", data });
  }
  if (state.approvers.some((approver) => approver.by === command.by)) {
    return err({
      code: "duplicate_approver",
      message: `${command.by} already approved action ${state.actionId}; two_humans needs a second, different admin`,
    });
  }
  const approver: Approver = { by: command.by, at: command.now, reason: command.reason };
  const needed = state.approval === "two_humans" ? 2 : 1;
  const approvers = [...state.approvers, approver];
  if (approvers.length < needed)
    return ok({
      kind: "approval_recorded",
      data: { ...actionRef(state), approver, remaining: needed - approvers.length },
    });
  const data: ActionApprovedData = {
    ...actionRef(state),
    approvedBy: approvers.map((entry) => entry.by).join(","),
    approval: state.approval ?? "one_human",
    approvers,
    policyVersion: state.policyVersion,
    ruleIds: state.ruleIds,
    reasons: state.reasons,
  };
  return ok({ kind: "approved", data });
}
