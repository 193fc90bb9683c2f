import { z } from "zod";
import { actionProposalSchema, policyDecisionSchema } from "./action-proposal.js";
import { policyContextSchema } from "./policy-context.js";

/**
 * A past decision as the retroactive audit replays it: the proposal, the context it was decided in, the decision
 * recorded then (under `policyVersion`, null when no policy was active), and whether the action was executed.
 */
export const auditRecordSchema = z.object({
  /** The `action.proposed` event's id. */
  eventId: z.string().min(1),
  correlationId: z.string().min(1),
  actionId: z.string().min(1).optional(),
  proposal: actionProposalSchema,
  context: policyContextSchema,
  decision: policyDecisionSchema,
  policyVersion: z.number().int().positive().nullable(),
  executed: z.boolean(),
});

/** A past decision as the retroactive audit replays it. */
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** What to do about an executed action the candidate policy would not have allowed (or not without a person). */
export const compensationSchema = z.object({
  action: z.enum([
    "reverse_refund",
    "revoke_discount",
    "revoke_store_credit",
    "reinstate_order",
    "close_ticket",
    "human_review",
    "none",
  ]),
  amountMinor: z.number().int().min(0).nullable(),
  currency: z.string().nullable(),
  note: z.string(),
});

/** A suggested compensation. */
export type Compensation = z.infer<typeof compensationSchema>;

/** How a decision moved: stricter (towards deny) or looser (towards automatic approval). */
export const decisionChangeSchema = z.enum(["stricter", "looser"]);

/** One past decision the candidate policy decides differently. */
export const decisionDifferenceSchema = z.object({
  eventId: z.string(),
  correlationId: z.string(),
  actionId: z.string().optional(),
  proposal: actionProposalSchema,
  executed: z.boolean(),
  before: policyDecisionSchema,
  beforePolicyVersion: z.number().int().positive().nullable(),
  after: policyDecisionSchema,
  change: decisionChangeSchema,
  /** For executed actions now denied or now needing a person; null otherwise. */
  compensation: compensationSchema.nullable(),
});

/** One past decision the candidate policy decides differently. */
export type DecisionDifference = z.infer<typeof decisionDifferenceSchema>;

/** The outcome of replaying past decisions under a candidate policy. */
export const auditReportSchema = z.object({
  tenantId: z.string(),
  candidateVersion: z.number().int().positive(),
  examined: z.number().int().min(0),
  changed: z.number().int().min(0),
  stricter: z.number().int().min(0),
  looser: z.number().int().min(0),
  /** Executed actions the candidate would deny: each has a suggested compensation. */
  executedNowDenied: z.number().int().min(0),
  differences: z.array(decisionDifferenceSchema),
});

/** The outcome of replaying past decisions under a candidate policy. */
export type AuditReport = z.infer<typeof auditReportSchema>;
