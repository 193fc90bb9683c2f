import type { EventMetadata, NewEvent } from "../../../shared/event-envelope.js";
import type {
  ActionApprovalRequestedData,
  ActionApprovedData,
  ActionDeniedData,
  ActionExecutedData,
  ActionExecutionFailedData,
  ActionProposalRejectedData,
  ActionProposedData,
} from "../../../shared/events/action-events.js";
import type { ActionProposal, PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";
import { deterministicUuid } from "../../ids/deterministic-uuid.js";
import { actionRef, POLICY_NOW_DENIES, type ActionState } from "../lifecycle/action-state.js";
import { expiryDenial } from "../lifecycle/decide-approval.js";

/** The turn whose reply the proposals follow. */
export interface ProposalTurn {
  tenantId: string;
  conversationId: string;
  customerId: string;
  /** False when the channel does not vouch for the customer (an unverified web visitor); absent means verified. */
  customerVerified?: boolean;
  correlationId: string;
  /** The `reply.sent` event after which the model was asked for proposals. */
  replyEventId: string;
}

/** Who proposed: provider name and the model version that answered. */
export interface Proposer {
  provider: string;
  model: string;
}

/** The action id of the `index`-th proposal after a reply: the same reply always yields the same ids. */
export function proposalActionId(replyEventId: string, index: number): string {
  return deterministicUuid(`${replyEventId}|action|${index}`);
}

function metadata(
  turn: Pick<ProposalTurn, "tenantId" | "correlationId">,
  fields: Pick<EventMetadata, "causationId" | "actor" | "modelVersion" | "policyVersion" | "sources">,
): EventMetadata {
  return { tenantId: turn.tenantId, correlationId: turn.correlationId, ...fields };
}

function policyVersionTag(version: number | null): string | null {
  return version === null ? null : String(version);
}

/** `action.proposed` then the policy's decision (`action.approved` | `action.approval_requested` | `action.denied`). */
export function proposalEvents(input: {
  turn: ProposalTurn;
  actionId: string;
  proposal: ActionProposal;
  context: PolicyContext;
  proposer: Proposer;
  decision: PolicyDecision;
  policyVersion: number | null;
  expiresAt: string;
}): [NewEvent, NewEvent] {
  const { turn, actionId, proposal, decision, proposer, policyVersion } = input;
  const ref = {
    actionId,
    type: proposal.type,
    customerId: turn.customerId,
    conversationId: turn.conversationId,
    amountMinor: proposal.amountMinor ?? null,
    currency: proposal.currency ?? null,
  };
  const proposedId = deterministicUuid(`${actionId}|proposed`);
  const proposed: ActionProposedData = {
    ...ref,
    reason: proposal.reason,
    orderId: proposal.orderId ?? null,
    details: proposal.details ? JSON.stringify(proposal.details) : null,
    // Reason and details live (encrypted) in their top-level fields; the copy kept for audits leaves them out.
    proposal: { ...proposal, reason: undefined, details: undefined },
    context: input.context,
    replyEventId: turn.replyEventId,
    proposer,
  };
  const tag = policyVersionTag(policyVersion);
  const modelActor = { kind: "model" as const, id: proposer.provider };
  const policyActor = { kind: "system" as const, id: "policy-engine" };
  const decided = { policyVersion, ruleIds: decision.ruleIds, reasons: decision.reasons };
  const decisionMetadata = metadata(turn, {
    causationId: proposedId,
    actor: policyActor,
    modelVersion: proposer.model,
    policyVersion: tag,
    sources: [{ kind: "event", ref: proposedId }],
  });
  const decisionId = deterministicUuid(`${actionId}|decision`);
  const decisionEvent: NewEvent =
    decision.verdict === "approve"
      ? {
          eventId: decisionId,
          type: "action.approved",
          data: { ...ref, approvedBy: "policy", approval: "automatic", ...decided } satisfies ActionApprovedData,
          metadata: decisionMetadata,
        }
      : decision.verdict === "needs_approval"
        ? {
            eventId: decisionId,
            type: "action.approval_requested",
            data: {
              ...ref,
              approval: decision.approval === "two_humans" ? "two_humans" : "one_human",
              expiresAt: input.expiresAt,
              ...decided,
            } satisfies ActionApprovalRequestedData,
            metadata: decisionMetadata,
          }
        : {
            eventId: decisionId,
            type: "action.denied",
            data: { ...ref, ...decided } satisfies ActionDeniedData,
            metadata: decisionMetadata,
          };
  return [
    {
      eventId: proposedId,
      type: "action.proposed",
      data: JSON.parse(JSON.stringify(proposed)) as Record<string, unknown>,
      metadata: metadata(turn, {
        causationId: turn.replyEventId,
        actor: modelActor,
        modelVersion: proposer.model,
        policyVersion: tag,
        sources: [{ kind: "event", ref: turn.replyEventId }],
      }),
    },
    decisionEvent,
  ];
}

/** `action.proposal_rejected`: the model's output broke the contract or the call failed; nothing was proposed. */
export function proposalRejectedEvent(
  turn: ProposalTurn,
  data: Omit<ActionProposalRejectedData, "customerId" | "conversationId" | "replyEventId">,
): NewEvent {
  return {
    eventId: deterministicUuid(`${turn.replyEventId}|proposal_rejected`),
    type: "action.proposal_rejected",
    data: {
      customerId: turn.customerId,
      conversationId: turn.conversationId,
      replyEventId: turn.replyEventId,
      ...data,
    } satisfies ActionProposalRejectedData,
    metadata: metadata(turn, {
      causationId: turn.replyEventId,
      actor: { kind: "model", id: data.provider },
      modelVersion: data.model,
      policyVersion: null,
      sources: [{ kind: "event", ref: turn.replyEventId }],
    }),
  };
}

/** Metadata of an event that continues an action's chain (same correlation id, caused by the action's last event). */
export function chainMetadata(
  state: ActionState,
  actor: EventMetadata["actor"],
  sources: EventMetadata["sources"] = [],
): EventMetadata {
  return {
    tenantId: state.tenantId,
    correlationId: state.correlationId,
    causationId: state.lastEventId,
    actor,
    modelVersion: state.modelVersion,
    policyVersion: policyVersionTag(state.policyVersion),
    sources: state.lastEventId ? [{ kind: "event", ref: state.lastEventId }, ...sources] : sources,
  };
}

/** `action.executed`, with a deterministic id: recording the same execution twice is a no-op. */
export function executedEvent(
  state: ActionState,
  data: Pick<ActionExecutedData, "operationId" | "executor" | "reference">,
): NewEvent {
  return {
    eventId: deterministicUuid(`${state.actionId}|executed`),
    type: "action.executed",
    data: { ...actionRef(state), ...data } satisfies ActionExecutedData,
    metadata: chainMetadata(state, { kind: "system", id: data.executor ?? "executor" }),
  };
}

/** `action.execution_failed` for the attempt made at stream version `state.version`. */
export function executionFailedEvent(
  state: ActionState,
  data: Pick<ActionExecutionFailedData, "operationId" | "code" | "message" | "kind">,
  executor: string,
): NewEvent {
  return {
    eventId: deterministicUuid(`${state.actionId}|execution_failed|${state.version}`),
    type: "action.execution_failed",
    data: { ...actionRef(state), ...data } satisfies ActionExecutionFailedData,
    metadata: chainMetadata(state, { kind: "system", id: executor }),
  };
}

/** `action.denied` recording that a pending action's approval request lapsed unanswered. */
export function expiryEvent(state: ActionState, eventId: string): NewEvent {
  return {
    eventId,
    type: "action.denied",
    data: expiryDenial(state),
    metadata: chainMetadata(state, { kind: "system", id: "approval-expiry" }),
  };
}

/** The policy's decision on an action evaluated again, and the version that decided (null: none active). */
export interface PolicyVerdict {
  decision: PolicyDecision;
  policyVersion: number | null;
}

/**
 * `action.denied` (rule {@link POLICY_NOW_DENIES} and the policy's rules) for an action the policy denies on a second
 * look: when a human approval takes effect, or when an approval is confirmed in the log's order.
 */
export function policyDenialEvent(
  state: ActionState,
  input: PolicyVerdict & { note: string },
  eventId: string,
): NewEvent {
  const data: ActionDeniedData = {
    ...actionRef(state),
    deniedBy: "system",
    note: input.note,
    policyVersion: input.policyVersion,
    ruleIds: [POLICY_NOW_DENIES, ...input.decision.ruleIds],
    reasons: ["the active policy, evaluated again, denies the action", ...input.decision.reasons],
  };
  return {
    eventId,
    type: "action.denied",
    data,
    metadata: chainMetadata(state, { kind: "system", id: "policy-engine" }),
  };
}
