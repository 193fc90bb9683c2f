import type { Approver } from "../../../shared/events/action-events.js";
import type { Approval } from "../../../shared/policy/action-types.js";
import type { StateEvolution } from "../../event-store/decider.js";
import type { RecordedEvent } from "../../event-store/recorded-event.js";
import { streamName } from "../../event-store/stream-name.js";

/** Where an action stands. */
export type ActionStatus = "new" | "proposed" | "pending_approval" | "approved" | "denied" | "executed" | "reversed";

/** One action's state, folded from its stream `action:<tenantId>:<actionId>`. */
export interface ActionState {
  /** The stream's version: the expected version of the next append. */
  version: number;
  status: ActionStatus;
  tenantId: string;
  actionId: string;
  type: string;
  customerId: string;
  /**
   * Whether the channel vouched for the customer, from the context recorded with `action.proposed`; null when none was
   * recorded (counts as verified). Evaluating the action again (approvals, confirmations) uses it.
   */
  customerVerified: boolean | null;
  conversationId: string | null;
  orderId: string | null;
  amountMinor: number | null;
  currency: string | null;
  /** The model's reason (personal; "[erased]" once the customer is erased). */
  reason: string;
  correlationId: string;
  /** Model version that proposed it. */
  modelVersion: string | null;
  policyVersion: number | null;
  ruleIds: string[];
  reasons: string[];
  approval: Approval | null;
  requestedAt: string | null;
  expiresAt: string | null;
  approvers: Approver[];
  /** Who decided (policy, admins, system), when it was decided, and the id of the last event. */
  decidedBy: string | null;
  decidedAt: string | null;
  /** Global position of the `action.approved` event: approvals count against limits in this (log) order. */
  approvedPosition: number | null;
  /** Global position of the `action.executed` event: prior refunds also count in the log's order when confirming. */
  executedPosition: number | null;
  lastEventId: string | null;
  executionFailures: number;
  /** Kind of the last execution failure: a semantic one (the integration refused) is not retried. */
  lastFailureKind: "transient" | "systemic" | "semantic" | null;
  reference: string | null;
  /** True once the approval request lapsed (denied with {@link APPROVAL_EXPIRED_RULE_ID}). */
  expired: boolean;
}

/** Rule id recorded when an approval request lapses unanswered. */
export const APPROVAL_EXPIRED_RULE_ID = "approval_expired";

/** Rule id recorded when an approval is withdrawn because the policy, evaluated again, denies the action. */
export const POLICY_NOW_DENIES = "policy_now_denies";

/** The reference fields every event of an action carries, from its state. */
export function actionRef(state: ActionState) {
  return {
    actionId: state.actionId,
    type: state.type,
    customerId: state.customerId,
    conversationId: state.conversationId,
    amountMinor: state.amountMinor,
    currency: state.currency,
  };
}

/** The stream of one action. */
export function actionStreamName(tenantId: string, actionId: string): string {
  return streamName("action", tenantId, actionId);
}

/** The state before the first event. */
export function initialActionState(tenantId: string, actionId: string): ActionState {
  return {
    version: 0,
    status: "new",
    tenantId,
    actionId,
    type: "",
    customerId: "",
    customerVerified: null,
    conversationId: null,
    orderId: null,
    amountMinor: null,
    currency: null,
    reason: "",
    correlationId: "",
    modelVersion: null,
    policyVersion: null,
    ruleIds: [],
    reasons: [],
    approval: null,
    requestedAt: null,
    expiresAt: null,
    approvers: [],
    decidedBy: null,
    decidedAt: null,
    approvedPosition: null,
    executedPosition: null,
    lastEventId: null,
    executionFailures: 0,
    lastFailureKind: null,
    reference: null,
    expired: false,
  };
}

/** How an action's state is folded from its stream (the deciders of `action-deciders.ts` share it). */
export function actionEvolution(tenantId: string, actionId: string): StateEvolution<ActionState, RecordedEvent> {
  return { initialState: () => initialActionState(tenantId, actionId), evolve: evolveAction };
}

/** The state after one recorded event of the action's stream (pure); other event types only move the version. */
export function evolveAction(state: ActionState, event: RecordedEvent): ActionState {
  const next: ActionState = { ...state, version: event.streamVersion, lastEventId: event.eventId };
  switch (event.type) {
    case "action.proposed":
      return {
        ...next,
        status: "proposed",
        type: event.data.type,
        customerId: event.data.customerId,
        customerVerified: recordedVerification(event.data.context),
        conversationId: event.data.conversationId,
        orderId: event.data.orderId ?? null,
        amountMinor: event.data.amountMinor,
        currency: event.data.currency,
        reason: event.data.reason,
        correlationId: event.metadata.correlationId,
        modelVersion: event.metadata.modelVersion,
      };
    case "action.approval_requested":
      return {
        ...next,
        status: "pending_approval",
        approval: event.data.approval,
        policyVersion: event.data.policyVersion ?? null,
        ruleIds: event.data.ruleIds,
        reasons: event.data.reasons ?? [],
        requestedAt: event.recordedAt,
        expiresAt: event.data.expiresAt,
      };
    case "action.approval_recorded":
      return { ...next, approvers: [...state.approvers, event.data.approver] };
    case "action.approved": {
      const { data } = event;
      const decided =
        state.status === "pending_approval"
          ? {}
          : {
              approval: data.approval ?? "automatic",
              policyVersion: data.policyVersion ?? null,
              ruleIds: data.ruleIds ?? [],
              reasons: data.reasons ?? [],
            };
      return {
        ...next,
        ...decided,
        status: "approved",
        approvers: data.approvers ?? state.approvers,
        decidedBy: data.approvedBy,
        decidedAt: event.recordedAt,
        approvedPosition: event.globalPosition,
      };
    }
    case "action.denied": {
      const { data } = event;
      const decided =
        state.status === "pending_approval"
          ? {}
          : { policyVersion: data.policyVersion ?? null, ruleIds: data.ruleIds, reasons: data.reasons ?? [] };
      return {
        ...next,
        ...decided,
        status: "denied",
        decidedBy: data.deniedBy ?? "policy",
        decidedAt: event.recordedAt,
        expired: data.ruleIds.includes(APPROVAL_EXPIRED_RULE_ID),
      };
    }
    case "action.executed":
      return {
        ...next,
        status: "executed",
        reference: event.data.reference ?? null,
        executedPosition: event.globalPosition,
      };
    case "action.execution_failed":
      return { ...next, executionFailures: state.executionFailures + 1, lastFailureKind: event.data.kind };
    case "action.reversed":
      return { ...next, status: "reversed" };
    default:
      return next;
  }
}

/** The `customerVerified` of a recorded policy context; null when it carries none (recorded before the field). */
function recordedVerification(context: Record<string, unknown> | undefined): boolean | null {
  const verified = context?.["customerVerified"];
  return typeof verified === "boolean" ? verified : null;
}

/** Most execution attempts the sweep makes for one action; after that (or a semantic failure) a person must look. */
export const MAX_EXECUTION_ATTEMPTS = 10;

/** True when the sweep should try executing an approved action again. */
export function executionRetryable(state: Pick<ActionState, "executionFailures" | "lastFailureKind">): boolean {
  return state.lastFailureKind !== "semantic" && state.executionFailures < MAX_EXECUTION_ATTEMPTS;
}

/** The deterministic operation id (idempotency key) the execution layer gets for an action. */
export function operationIdOf(state: Pick<ActionState, "tenantId" | "actionId">): string {
  return `op:${state.tenantId}:${state.actionId}`;
}
