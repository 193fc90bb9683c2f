import { z } from "zod";
import { channelSchema, correlationIdSchema, idSchema, timestampSchema } from "./ids.js";

/** Longest customer message accepted, in characters. */
export const MAX_MESSAGE_TEXT = 4000;

/** The customer's text: trimmed, non-empty, bounded. */
export const messageTextSchema = z.string().trim().min(1, "text must not be empty").max(MAX_MESSAGE_TEXT);

/** One inbound customer message, normalised from any channel; what the edge sends central for a turn. */
export const inboundMessageSchema = z.object({
  tenantId: idSchema,
  channel: channelSchema,
  conversationId: idSchema,
  customerId: idSchema,
  /** The channel's own id for this message; with tenant and channel it makes retries idempotent. */
  channelMessageId: idSchema,
  text: messageTextSchema,
  receivedAt: timestampSchema,
  correlationId: correlationIdSchema,
});

/** One inbound customer message. */
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
