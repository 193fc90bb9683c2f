import { z } from "zod";
import { correlationIdSchema, idSchema } from "./ids.js";
import { routeDecisionSchema } from "./edge-routing.js";
import { intentClassificationSchema } from "./intent-model.js";
import { messageTextSchema } from "./message-envelope.js";
import { problemDetailsSchema } from "./problem-details.js";
import { tokenUsageSchema } from "./turn-events.js";

/** Longest identity token accepted, in characters. */
export const MAX_IDENTITY_TOKEN_LENGTH = 4096;

/**
 * Body of `POST /v1/chat` (edge): a website chat client's message. The conversation comes from the conversation token
 * (`Authorization: Bearer <token>`), never from the body; the customer from the token or a signed identity token.
 */
export const chatRequestSchema = z.object({
  /** The tenant of a new conversation (default `demo`); when continuing, absent or the token's tenant. */
  tenantId: idSchema.optional(),
  /** Refused without a conversation token; with one, accepted only when it is the token's conversation. */
  conversationId: idSchema.optional(),
  /** Always refused (`field_not_accepted`): a web customer comes from a signed token, never from the body. */
  customerId: z.unknown().optional(),
  /** The client's id for this message; send the same id when retrying so the turn runs once. */
  clientMessageId: idSchema.optional(),
  /** A JWT the merchant's site signed for a logged-in customer (HS256 or ES256, see README "Web identity"). */
  identityToken: z.string().min(1).max(MAX_IDENTITY_TOKEN_LENGTH).optional(),
  text: messageTextSchema,
});

/** Body of `POST /v1/chat` before defaults are applied (what a client sends). */
export type ChatRequestInput = z.input<typeof chatRequestSchema>;
/** Body of `POST /v1/chat` after validation. */
export type ChatRequest = z.output<typeof chatRequestSchema>;

/** The reply to one chat turn: JSON body of `POST /v1/chat`, and the `done` event of its stream. */
export const chatReplySchema = z.object({
  tenantId: idSchema,
  conversationId: idSchema,
  customerId: idSchema,
  messageId: idSchema,
  correlationId: correlationIdSchema,
  reply: z.object({
    text: z.string(),
    provider: z.string(),
    model: z.string(),
    offline: z.boolean(),
    usage: tokenUsageSchema.nullable(),
  }),
  /** Ids of the events the turn wrote to the canonical log. */
  events: z.object({ messageReceived: z.uuid(), replySent: z.uuid() }),
  /** True when this is a retry of a turn that already ran; the stored reply is returned, nothing runs again. */
  replayed: z.boolean(),
  /**
   * The web conversation's token (added by the edge): send it as `Authorization: Bearer <token>` with the next message.
   * Each reply carries a fresh one (a later expiry); absent on central's own replies.
   */
  conversationToken: z.string().optional(),
  /** True when the customer is vouched for by the merchant's identity token (web); absent on central's replies. */
  customerVerified: z.boolean().optional(),
  /** What the edge's intent model said (with the model version that answered) and how the edge routed the message. */
  edge: z
    .object({
      classification: intentClassificationSchema.nullable(),
      route: routeDecisionSchema,
      modelUnavailable: z.boolean(),
      /** The tenant's policy version whose routing rules decided (absent: the edge's EDGE_ROUTING rules). */
      policyVersion: z.number().int().positive().optional(),
    })
    .optional(),
});

/** The reply to one chat turn. */
export type ChatReply = z.infer<typeof chatReplySchema>;

/** Server-sent events of a streamed turn, in order: any number of `token`, then one `done` or one `error`. */
export const chatStreamEventSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("token"), data: z.object({ text: z.string() }) }),
  z.object({ event: z.literal("done"), data: chatReplySchema }),
  z.object({ event: z.literal("error"), data: problemDetailsSchema }),
]);

/** One server-sent event of a streamed turn. */
export type ChatStreamEvent = z.infer<typeof chatStreamEventSchema>;
