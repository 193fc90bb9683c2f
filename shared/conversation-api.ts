import { z } from "zod";
import { correlationIdSchema, idSchema, timestampSchema } from "./ids.js";
import { problemDetailsSchema } from "./problem-details.js";

/**
 * Where a message sits in its conversation: the conversation stream's version of the event that holds it, as a
 * decimal string. Pages and the live stream resume after it (`?after=`, SSE `Last-Event-ID`).
 */
export const conversationCursorSchema = z.string().regex(/^(0|[1-9][0-9]{0,15})$/, "a stream version");

/** A cited source of a reply (a knowledge-base chunk): what the widget shows under the answer. */
export const messageSourceSchema = z.object({
  title: z.string().max(512),
  uri: z.string().max(2048).optional(),
  /** The heading path inside the document, e.g. `Returns › Damaged items`. */
  section: z.string().max(512).optional(),
});

/** Who wrote a conversation message, as the visitor sees it. */
export const conversationRoleSchema = z.enum(["visitor", "bot", "agent", "notice"]);

/** One message of a conversation as the visitor sees it (never internal notes, routing or policy detail). */
export const conversationMessageSchema = z.object({
  /** Cursor of this message (its event's stream version). */
  cursor: conversationCursorSchema,
  /** The id of the event that holds the message. */
  eventId: z.uuid(),
  role: conversationRoleSchema,
  text: z.string(),
  at: timestampSchema,
  /** The visitor message this one answers (its channel message id), for bot and agent replies. */
  inReplyTo: idSchema.optional(),
  /** For `agent` messages: the name the visitor is shown. */
  authorName: z.string().max(128).optional(),
  /** For `bot` messages: the sources the answer cites. */
  sources: z.array(messageSourceSchema).max(20).optional(),
});

/** One message of a conversation as the visitor sees it. */
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

/** Most messages one history page holds. */
export const MAX_CONVERSATION_PAGE = 200;

/**
 * A page of a conversation's messages, oldest first: `GET /v1/conversations/:conversationId/messages` (edge, with the
 * conversation token) and central's edge-token route behind it.
 */
export const conversationMessagesPageSchema = z.object({
  tenantId: idSchema,
  conversationId: idSchema,
  messages: z.array(conversationMessageSchema),
  /** Cursor to pass as `after` for the next page (the last message's, or the request's when the page is empty). */
  nextCursor: conversationCursorSchema,
  /** True when more messages follow this page already. */
  hasMore: z.boolean(),
});

/** A page of a conversation's messages. */
export type ConversationMessagesPage = z.infer<typeof conversationMessagesPageSchema>;

/**
 * Server-sent events of `GET /v1/conversations/:conversationId/stream`: every new message as a `message` event whose
 * SSE `id` is its cursor (reconnect with `Last-Event-ID` to resume), `status` when central cannot be reached (the
 * stream stays open and resumes when it is back) or is reachable again, and `error` before the stream ends on a
 * failure that retrying cannot fix (e.g. an expired token).
 */
export const conversationStreamEventSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("message"), data: conversationMessageSchema }),
  z.object({ event: z.literal("status"), data: z.object({ central: z.enum(["reachable", "unreachable"]) }) }),
  z.object({ event: z.literal("error"), data: problemDetailsSchema }),
]);

/** One server-sent event of a conversation stream. */
export type ConversationStreamEvent = z.infer<typeof conversationStreamEventSchema>;

/**
 * The answer to a chat message that was accepted but not answered in this request:
 * - `queued` (HTTP 202; SSE event `queued`): central was unreachable or slow; the message is held durably and its turn
 *   runs when central is back; the reply arrives on the conversation stream.
 * - `coalesced` (HTTP 200; SSE event `coalesced`): another message of the same burst followed within the coalescing
 *   window; one turn answers them together (`into` is that message's id) and the reply arrives on the stream.
 */
export const chatDeferredReplySchema = z.object({
  status: z.enum(["queued", "coalesced"]),
  tenantId: idSchema,
  conversationId: idSchema,
  customerId: idSchema,
  messageId: idSchema,
  correlationId: correlationIdSchema,
  /** What the visitor is told (the tenant's configured text for `queued`). */
  notice: z.object({ text: z.string() }),
  /** For `coalesced`: the message whose turn answers this one too. */
  into: idSchema.optional(),
  conversationToken: z.string().optional(),
  customerVerified: z.boolean().optional(),
});

/** The answer to a chat message that was accepted but not answered in this request. */
export type ChatDeferredReply = z.infer<typeof chatDeferredReplySchema>;
