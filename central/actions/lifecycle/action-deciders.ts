import type { NewEvent } from "../../../shared/event-envelope.js";
import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import { err, ok, type Result } from "../../../shared/result.js";
import type { Decider } from "../../event-store/decider.js";
import type { RecordedEvent } from "../../event-store/recorded-event.js";
import type { ExecutionFailure, ExecutionReceipt } from "../executor/action-executor.js";
import {
  chainMetadata,
  executedEvent,
  executionFailedEvent,
  expiryEvent,
  policyDenialEvent,
  proposalEvents,
  type PolicyVerdict,
} from "../pipeline/action-event-builders.js";
import { actionEvolution, operationIdOf, type ActionState } from "./action-state.js";
import { approvalExpired, decideApproval, type ApprovalCommand, type ApprovalRefusal } from "./decide-approval.js";

// The action lifecycle as deciders over one action's stream (`action:<tenantId>:<actionId>`): propose, a human's
// approval or rejection, expiry, confirmation in the log's order (withdrawal), and recording an execution. Each is
// pure; what needs I/O (the policy evaluated again, the execution layer's result) arrives as command data, and
// central/event-store handleCommand reads, decides and appends.

/** Retries of a command on an action's stream after version conflicts (five attempts in all). */
export const ACTION_COMMAND_RETRIES = 4;

/** An action decider: the action's state and recorded events, a command, a refusal and an outcome. */
type ActionDecider<Command, Failure extends { code: string }, Outcome> = Decider<
  ActionState,
  Command,
  RecordedEvent,
  Failure,
  Outcome
>;

/** Proposing records `action.proposed` and the policy's decision (see `proposalEvents`). */
export type ProposeAction = Parameters<typeof proposalEvents>[0];

/** The action was recorded before (a retried reply, or a concurrent run of the same one). */
export interface ActionAlreadyRecorded {
  code: "already_recorded";
  message: string;
}

/** Records a proposal and the policy's decision on it, once: an action whose stream exists is refused. */
export function proposalDecider(
  tenantId: string,
  actionId: string,
): ActionDecider<ProposeAction, ActionAlreadyRecorded, PolicyDecision["verdict"]> {
  return {
    ...actionEvolution(tenantId, actionId),
    decide(command, state) {
      if (state.version > 0) return err({ code: "already_recorded", message: `action ${actionId} is recorded` });
      return ok({ events: proposalEvents(command), outcome: command.decision.verdict });
    },
  };
}

/** A human's approval or rejection, with what recording it needs. */
export interface HumanDecision extends ApprovalCommand {
  /** The admin request it came in (recorded as a source). */
  requestId: string;
  /** Id of the event it records. */
  eventId: string;
  /** The active policy evaluated again now; required when the approval takes effect ({@link approvalTakesEffect}). */
  policyNow: PolicyVerdict | null;
}

/**
 * What a human decision recorded: the decision itself, or — refused to the human, yet recorded — the expiry of a
 * request whose deadline passed, or the withdrawal of an approval the policy now denies.
 */
export type HumanDecisionOutcome =
  { kind: "approval_recorded" | "approved" | "rejected" } | { kind: "expired" | "withdrawn"; refusal: ApprovalRefusal };

const EVENT_OF = {
  approval_recorded: "action.approval_recorded",
  approved: "action.approved",
  rejected: "action.denied",
} as const;

/** True when `command` would approve the action fully, so limits must be checked again before it takes effect. */
export function approvalTakesEffect(state: ActionState, command: ApprovalCommand): boolean {
  const decided = decideApproval(state, command);
  return decided.ok && decided.value.kind === "approved";
}

/**
 * Decides a human approval or rejection ({@link decideApproval}): the first decision after the deadline records the
 * expiry; an approval that takes effect while the policy, evaluated again, denies the action records its withdrawal.
 */
export function humanDecisionDecider(
  tenantId: string,
  actionId: string,
): ActionDecider<HumanDecision, ApprovalRefusal, HumanDecisionOutcome> {
  return {
    ...actionEvolution(tenantId, actionId),
    decide(command, state) {
      const decided = decideApproval(state, command);
      if (!decided.ok) {
        const refusal = decided.error;
        if (refusal.code !== "approval_expired" || refusal.expiry === null) return err(refusal);
        return ok({ events: [expiryEvent(state, command.eventId)], outcome: { kind: "expired", refusal } });
      }
      const { kind, data } = decided.value;
      if (kind === "approved") {
        const now = command.policyNow;
        if (!now) throw new Error(`approving action ${actionId}: the policy must be evaluated again first`);
        if (now.decision.verdict === "deny") {
          const note = `approved by ${command.by}, but the policy now denies it`;
          const { ruleIds } = now.decision;
          const refusal: ApprovalRefusal = {
            code: "policy_now_denies",
            message: `the active policy now denies action ${actionId} (${ruleIds.join(", ")})`,
            ruleIds,
          };
          const withdrawal = policyDenialEvent(state, { ...now, note }, command.eventId);
          return ok({ events: [withdrawal], outcome: { kind: "withdrawn", refusal } });
        }
      }
      const event: NewEvent = {
        eventId: command.eventId,
        type: EVENT_OF[kind],
        data,
        metadata: chainMetadata(state, { kind: "admin", id: command.by }, [
          { kind: "admin-request", ref: command.requestId },
        ]),
      };
      return ok({ events: [event], outcome: { kind } });
    },
  };
}

/** The sweep's check of a pending request's deadline at `now`. */
export interface ExpireApproval {
  now: string;
  eventId: string;
}

/** Records the expiry of a pending action whose deadline has passed; anything else is left as it is. */
export function expiryDecider(
  tenantId: string,
  actionId: string,
): ActionDecider<ExpireApproval, never, "expired" | "not_expired"> {
  return {
    ...actionEvolution(tenantId, actionId),
    decide({ now, eventId }, state) {
      if (state.status !== "pending_approval" || !approvalExpired(state, now))
        return ok({ events: [], outcome: "not_expired" });
      return ok({ events: [expiryEvent(state, eventId)], outcome: "expired" });
    },
  };
}

/** Confirming an approval in the log's order, with the policy's decision as it stood when the approval was recorded. */
export interface ConfirmApproval {
  approvedBy: "policy" | "humans";
  eventId: string;
  /** Required when the action {@link awaitsConfirmation}. */
  policyThen: PolicyVerdict | null;
}

/** True when the action is approved and its approval's position in the log is known: there is one to confirm. */
export function awaitsConfirmation(state: ActionState): state is ActionState & { approvedPosition: number } {
  return state.status === "approved" && state.approvedPosition !== null;
}

/**
 * Confirms an approval or withdraws it: an automatic approval holds when the policy still approves, a human one when
 * the policy does not deny; otherwise `action.denied` records that earlier approvals in the log reached a limit first.
 */
export function confirmationDecider(
  tenantId: string,
  actionId: string,
): ActionDecider<ConfirmApproval, never, "not_approved" | "confirmed" | "withdrawn"> {
  return {
    ...actionEvolution(tenantId, actionId),
    decide(command, state) {
      if (!awaitsConfirmation(state)) return ok({ events: [], outcome: "not_approved" });
      const then = command.policyThen;
      if (!then) throw new Error(`confirming action ${actionId}: the policy must be evaluated again first`);
      const verdict = then.decision.verdict;
      const holds = command.approvedBy === "policy" ? verdict === "approve" : verdict !== "deny";
      if (holds) return ok({ events: [], outcome: "confirmed" });
      const note =
        command.approvedBy === "policy"
          ? "approved automatically, but earlier approvals in the log reached a limit first"
          : "approved by humans, but earlier approvals in the log reached a limit first";
      return ok({ events: [policyDenialEvent(state, { ...then, note }, command.eventId)], outcome: "withdrawn" });
    },
  };
}

/**
 * What the execution layer answered for an approved action (null: it was not asked, the action is not approved), or
 * what it performed on an earlier attempt before the stream moved.
 */
export interface RecordExecution {
  /** The executor's name, recorded on the event. */
  executor: string;
  result: Result<ExecutionReceipt, ExecutionFailure> | null;
}

/** True when the approval was withdrawn (`action.denied` after `action.approved`), e.g. while the executor acted. */
function withdrawnAfterApproval(state: ActionState): boolean {
  return state.status === "denied" && state.approvedPosition !== null;
}

/**
 * Records an execution's outcome on an approved action. An action no longer approved records nothing, except an
 * operation the executor performed while the approval was being withdrawn: the money moved, so the log says so.
 */
export function executionDecider(
  tenantId: string,
  actionId: string,
): ActionDecider<RecordExecution, never, "executed" | "failed" | "not_approved"> {
  return {
    ...actionEvolution(tenantId, actionId),
    decide({ executor, result }, state) {
      if (result === null) return ok({ events: [], outcome: "not_approved" });
      const performedAnyway = result.ok && withdrawnAfterApproval(state);
      if (state.status !== "approved" && !performedAnyway) return ok({ events: [], outcome: "not_approved" });
      const operationId = operationIdOf(state);
      if (!result.ok)
        return ok({
          events: [executionFailedEvent(state, { operationId, ...result.error }, executor)],
          outcome: "failed",
        });
      const reference = result.value.reference;
      return ok({ events: [executedEvent(state, { operationId, executor, reference })], outcome: "executed" });
    },
  };
}
