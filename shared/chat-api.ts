import { z } from "zod";
import { correlationIdSchema, idSchema } from "./ids.js";
import { routeDecisionSchema } from "./edge-routing.js";
import { intentClassificationSchema } from "./intent-model.js";
import { messageTextSchema } from "./message-envelope.js";
import { problemDetailsSchema } from "./problem-details.js";
import { tokenUsageSchema } from "./turn-events.js";

/** Body of `POST /v1/chat` (edge): a website chat client's message. */
export const chatRequestSchema = z.object({
  tenantId: idSchema.default("demo"),
  /** Omit to start a new conversation; the reply says which id was assigned. */
  conversationId: idSchema.optional(),
  /** Omit for an anonymous visitor; the edge then uses the conversation id. */
  customerId: idSchema.optional(),
  /** The client's id for this message; send the same id when retrying so the turn runs once. */
  clientMessageId: idSchema.optional(),
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
