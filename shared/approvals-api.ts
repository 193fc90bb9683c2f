import { z } from "zod";
import { approvalKindSchema, approverSchema } from "./events/action-events.js";
import { timestampSchema } from "./ids.js";
import { storableText } from "./text/storable-text.js";

/** Body of `POST …/approvals/:actionId/approve` and `…/reject`: why (recorded with who and when). */
export const decideApprovalRequestSchema = z.strictObject({
  reason: storableText(z.string().trim().min(1, "give a reason").max(2000)),
});

/** Body of an approval decision. */
export type DecideApprovalRequest = z.infer<typeof decideApprovalRequestSchema>;

/** One action waiting for humans, as approvers see it. */
export const pendingApprovalSchema = z.object({
  actionId: z.string(),
  type: z.string(),
  customerId: z.string(),
  conversationId: z.string().nullable(),
  orderId: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** The model's reason for proposing it. */
  reason: z.string(),
  approval: approvalKindSchema,
  /** Approvals still missing (two_humans: 2, then 1). */
  approvalsNeeded: z.number().int().min(0),
  approvers: z.array(approverSchema),
  /** The rules that asked for approval and why. */
  ruleIds: z.array(z.string()),
  reasons: z.array(z.string()),
  policyVersion: z.number().int().nullable(),
  modelVersion: z.string().nullable(),
  correlationId: z.string(),
  requestedAt: timestampSchema.nullable(),
  expiresAt: timestampSchema.nullable(),
  /** The end of the conversation the action was proposed in, oldest first. */
  conversation: z.array(z.object({ role: z.enum(["customer", "assistant"]), text: z.string() })),
});

/** One pending approval. */
export type PendingApprovalView = z.infer<typeof pendingApprovalSchema>;

/** `GET /v1/admin/tenants/:tenantId/approvals`. */
export const approvalsResponseSchema = z.object({ tenantId: z.string(), approvals: z.array(pendingApprovalSchema) });

/** The pending approvals of a tenant. */
export type ApprovalsResponse = z.infer<typeof approvalsResponseSchema>;

/** What an approval decision did. */
export const approvalDecisionResponseSchema = z.object({
  tenantId: z.string(),
  actionId: z.string(),
  /** `approval_recorded`: the first of two approvals; `approved`: executed (or queued for retry); `rejected`. */
  outcome: z.enum(["approval_recorded", "approved", "rejected"]),
  status: z.string(),
  executed: z.boolean(),
  approvalsNeeded: z.number().int().min(0),
  approvers: z.array(approverSchema),
  decidedBy: z.string().nullable(),
  reference: z.string().nullable(),
});

/** What an approval decision did. */
export type ApprovalDecisionResponse = z.infer<typeof approvalDecisionResponseSchema>;
