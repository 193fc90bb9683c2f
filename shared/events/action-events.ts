import { z } from "zod";
import { idSchema, timestampSchema } from "../ids.js";

/**
 * The action lifecycle: a model proposes (`action.proposed`, or `action.proposal_rejected` for output that fails the
 * contract), the policy decides (`action.approved` | `action.approval_requested` | `action.denied`), humans approve
 * (`action.approval_recorded` for the first of two) or reject, the execution layer performs it (`action.executed` or
 * `action.execution_failed`), a compensation reverses it (`action.reversed`). Fields added by the policy engine are
 * optional so events recorded before it still read.
 */

/** Money as an integer amount of minor units (cents) and an ISO-4217 currency. */
const moneyFields = { amountMinor: z.number().int().min(0).nullable(), currency: z.string().length(3).nullable() };

/**
 * Which action: its id, its type (any string — a type the policy does not know is recorded, then denied), the customer
 * and the conversation it was proposed in.
 */
const actionRef = {
  actionId: z.string().min(1).max(128),
  type: z.string().min(1).max(64),
  customerId: idSchema,
  conversationId: idSchema.nullable(),
};

/** How many humans an approval needs. */
export const approvalKindSchema = z.enum(["automatic", "one_human", "two_humans"]);

/** What the policy said, as recorded on the decision events. */
const decisionFields = {
  /** The active policy's version that decided (null: no active policy). */
  policyVersion: z.number().int().min(1).nullable().optional(),
  ruleIds: z.array(z.string().min(1).max(128)).max(100),
  reasons: z.array(z.string().max(1000)).max(100).optional(),
};

/** One human approval: who (admin token id), when, and the reason given. */
export const approverSchema = z.object({
  by: z.string().min(1).max(128),
  at: timestampSchema,
  reason: z.string().max(2000),
});

/** One human approval of an action. */
export type Approver = z.infer<typeof approverSchema>;

/** A problem found in a model's output: where (JSON path) and what. */
const outputProblemSchema = z.object({ path: z.string().max(500), message: z.string().max(1000) });

/** Data of `action.proposed`: the proposal as the model made it and the context the policy saw (for audits). */
export const actionProposedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  /** The model's justification (personal: it may quote the customer). */
  reason: z.string().max(2000),
  orderId: z.string().max(128).nullable().optional(),
  /** The model's free-form details for the executor as JSON text (personal: a ticket subject may name the customer). */
  details: z.string().max(40_000).nullable().optional(),
  /**
   * The proposal as validated (shared/policy actionProposalSchema) without `reason` and `details`, for replays and
   * audits.
   */
  proposal: z.record(z.string(), z.unknown()).optional(),
  /** The policy context at proposal time (shared/policy policyContextSchema), for dry-runs and audits. */
  context: z.record(z.string(), z.unknown()).optional(),
  /** The reply after which the model proposed this. */
  replyEventId: z.string().min(1).optional(),
  /** Which provider/model proposed it. */
  proposer: z.object({ provider: z.string().min(1), model: z.string().min(1) }).optional(),
});

/** Data of `action.proposal_rejected`: model output that failed the proposal contract (a semantic failure). */
export const actionProposalRejectedDataSchema = z.object({
  customerId: idSchema,
  conversationId: idSchema,
  replyEventId: z.string().min(1),
  /** `invalid_output`: not JSON or not the schema; `model_failed`: the call itself failed. */
  failure: z.enum(["invalid_output", "model_failed"]),
  kind: z.enum(["transient", "systemic", "semantic"]),
  problems: z.array(outputProblemSchema).max(50),
  provider: z.string().min(1),
  model: z.string().min(1),
});

/** Data of `action.approved`: by the policy (`approvedBy: "policy"`) or by the humans listed in `approvers`. */
export const actionApprovedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  approvedBy: z.string().min(1),
  approval: approvalKindSchema.optional(),
  approvers: z.array(approverSchema).max(2).optional(),
  ...decisionFields,
  ruleIds: decisionFields.ruleIds.optional(),
});

/** Data of `action.approval_requested`: the policy wants humans to decide before `expiresAt`. */
export const actionApprovalRequestedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  approval: z.enum(["one_human", "two_humans"]),
  expiresAt: timestampSchema,
  ...decisionFields,
});

/** Data of `action.approval_recorded`: one of the two humans a `two_humans` approval needs said yes. */
export const actionApprovalRecordedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  approver: approverSchema,
  /** Approvals still missing after this one. */
  remaining: z.number().int().min(0),
});

/**
 * Data of `action.denied`: by the policy (no `deniedBy`), by a human (`deniedBy` their admin id, after an approval
 * request) or by expiry (`deniedBy: "system"`, rule `approval_expired`).
 */
export const actionDeniedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  deniedBy: z.string().min(1).optional(),
  /** A human's reason for rejecting (admin text, not the customer's). */
  note: z.string().max(2000).optional(),
  ...decisionFields,
});

/** Data of `action.executed`: the execution layer performed the operation (idempotency key `operationId`). */
export const actionExecutedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  operationId: z.string().min(1),
  executor: z.string().min(1).optional(),
  reference: z.string().min(1).max(256).optional(),
});

/** Data of `action.execution_failed`: the execution layer did not perform it (a retry uses the same operation id). */
export const actionExecutionFailedDataSchema = z.object({
  ...actionRef,
  ...moneyFields,
  operationId: z.string().min(1),
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
  kind: z.enum(["transient", "systemic", "semantic"]),
});

/** Data of `action.reversed`: a compensation undid an executed action. */
export const actionReversedDataSchema = z.object({ ...actionRef, ...moneyFields, reason: z.string().max(2000) });

/** Catalog entries of the action events: data schema and personal fields (spread into EVENT_CATALOG). */
export const ACTION_EVENT_SPECS = {
  "action.proposed": { data: actionProposedDataSchema, personal: ["reason", "details"] },
  "action.proposal_rejected": { data: actionProposalRejectedDataSchema, personal: [] },
  "action.approved": { data: actionApprovedDataSchema, personal: [] },
  "action.approval_requested": { data: actionApprovalRequestedDataSchema, personal: [] },
  "action.approval_recorded": { data: actionApprovalRecordedDataSchema, personal: [] },
  "action.denied": { data: actionDeniedDataSchema, personal: [] },
  "action.executed": { data: actionExecutedDataSchema, personal: [] },
  "action.execution_failed": { data: actionExecutionFailedDataSchema, personal: [] },
  "action.reversed": { data: actionReversedDataSchema, personal: ["reason"] },
} as const;

/** Names of the action events. */
export const ACTION_EVENT_TYPES = {
  proposed: "action.proposed",
  proposalRejected: "action.proposal_rejected",
  approved: "action.approved",
  approvalRequested: "action.approval_requested",
  approvalRecorded: "action.approval_recorded",
  denied: "action.denied",
  executed: "action.executed",
  executionFailed: "action.execution_failed",
  reversed: "action.reversed",
} as const;

/** Data of `action.proposed`. */
export type ActionProposedData = z.infer<typeof actionProposedDataSchema>;
/** Data of `action.proposal_rejected`. */
export type ActionProposalRejectedData = z.infer<typeof actionProposalRejectedDataSchema>;
/** Data of `action.approved`. */
export type ActionApprovedData = z.infer<typeof actionApprovedDataSchema>;
/** Data of `action.approval_requested`. */
export type ActionApprovalRequestedData = z.infer<typeof actionApprovalRequestedDataSchema>;
/** Data of `action.approval_recorded`. */
export type ActionApprovalRecordedData = z.infer<typeof actionApprovalRecordedDataSchema>;
/** Data of `action.denied`. */
export type ActionDeniedData = z.infer<typeof actionDeniedDataSchema>;
/** Data of `action.executed`. */
export type ActionExecutedData = z.infer<typeof actionExecutedDataSchema>;
/** Data of `action.execution_failed`. */
export type ActionExecutionFailedData = z.infer<typeof actionExecutionFailedDataSchema>;
