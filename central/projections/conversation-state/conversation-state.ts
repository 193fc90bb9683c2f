import { z } from "zod";
import { timestampSchema } from "../../../shared/ids.js";

/** An action proposed in the conversation and not yet denied, executed or reversed. */
export const pendingActionSchema = z.object({
  actionId: z.string(),
  type: z.string(),
  status: z.enum(["proposed", "approved"]),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  since: timestampSchema,
});

/** The state of one conversation as the log tells it (no personal fields: texts and reasons stay in the log). */
export const conversationStateSchema = z.object({
  tenantId: z.string(),
  conversationId: z.string(),
  /** Global position of the last event folded in. */
  version: z.number().int().min(0),
  status: z.enum(["open", "escalated", "resolved"]),
  customerId: z.string().nullable(),
  /** Messages in both directions: received from the customer and replies sent. */
  messageCount: z.number().int().min(0),
  lastMessageAt: timestampSchema.nullable(),
  lastIntent: z
    .object({ intent: z.string(), confidence: z.number(), outOfScope: z.boolean(), at: timestampSchema })
    .nullable(),
  pendingActions: z.array(pendingActionSchema),
  lastReplyModel: z.string().nullable(),
  updatedAt: timestampSchema,
});

/** A conversation's state. */
export type ConversationState = z.infer<typeof conversationStateSchema>;
