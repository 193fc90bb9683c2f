import { z } from "zod";
import { channelSchema, idSchema, timestampSchema } from "./ids.js";

/** Token counts reported by a model call. */
export const tokenUsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
});

/** Token counts reported by a model call. */
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** Data of a `message.received` event. */
export const messageReceivedDataSchema = z.object({
  channel: channelSchema,
  conversationId: idSchema,
  customerId: idSchema,
  channelMessageId: idSchema,
  text: z.string(),
  receivedAt: timestampSchema,
});

/** Data of a `message.received` event. */
export type MessageReceivedData = z.infer<typeof messageReceivedDataSchema>;

/** Data of a `reply.sent` event. */
export const replySentDataSchema = z.object({
  conversationId: idSchema,
  customerId: idSchema,
  text: z.string(),
  provider: z.string(),
  model: z.string(),
  offline: z.boolean(),
  usage: tokenUsageSchema.nullable(),
  latencyMs: z.number().min(0),
  attempts: z.number().int().min(1),
});

/** Data of a `reply.sent` event. */
export type ReplySentData = z.infer<typeof replySentDataSchema>;

/** Names of the events a chat turn writes. */
export const TURN_EVENT_TYPES = { messageReceived: "message.received", replySent: "reply.sent" } as const;
