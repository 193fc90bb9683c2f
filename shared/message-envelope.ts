import { z } from "zod";
import { routeDecisionSchema } from "./edge-routing.js";
import { channelSchema, correlationIdSchema, idSchema, timestampSchema } from "./ids.js";
import { intentClassificationSchema } from "./intent-model.js";
import { storableText } from "./text/storable-text.js";

/** Longest customer message accepted, in characters. */
export const MAX_MESSAGE_TEXT = 4000;

/**
 * The customer's text: trimmed, non-empty, bounded, storable (no NUL or unpaired surrogate; channel adapters normalise
 * platform text before it gets here, the chat API refuses it).
 */
export const messageTextSchema = storableText(z.string().trim().min(1, "text must not be empty").max(MAX_MESSAGE_TEXT));

/** Who wrote a reply the edge sent itself: an intent's answer template, or the notice that a human takes over. */
export const edgeReplyProviderSchema = z.enum(["edge-template", "edge-handoff"]);

/**
 * The edge's routing decision for a message; with `reply`, the edge answered (answer_locally) or announced a human
 * (handoff) itself, and central records that reply instead of asking its model.
 */
export const edgeRouteSchema = routeDecisionSchema.extend({
  /** True when the edge had no usable intent model (the message is then forwarded). */
  modelUnavailable: z.boolean().optional(),
  /** The version of the tenant's active policy whose routing rules decided, when the edge had a policy snapshot. */
  policyVersion: z.number().int().positive().optional(),
  reply: z
    .object({ text: storableText(z.string().trim().min(1).max(2000)), provider: edgeReplyProviderSchema })
    .optional(),
});

/** The edge's routing decision for a message. */
export type EdgeRoute = z.infer<typeof edgeRouteSchema>;

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
  /**
   * Whether the channel vouches for `customerId`. Web: true only when the merchant's site signed an identity token
   * for this customer; absent on a web message means false. Other channels: absent means true (the platform's
   * sender id).
   */
  customerVerified: z.boolean().optional(),
  /** What the edge's intent model said (absent when no model answered, or for channels without one). */
  classification: intentClassificationSchema.optional(),
  /** What the edge decided to do with the message. */
  route: edgeRouteSchema.optional(),
});

/** One inbound customer message. */
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** True when the message's channel vouches for its customer id (see `customerVerified`). */
export function isCustomerVerified(message: Pick<InboundMessage, "channel" | "customerVerified">): boolean {
  return message.customerVerified ?? message.channel !== "web";
}
