import type { InboundMessage } from "../../shared/message-envelope.js";
import type { EventStore } from "../event-store/event-store.js";
import { deterministicUuid } from "../ids/deterministic-uuid.js";

/** The ids of a turn's two events. */
export interface TurnEventIds {
  messageReceived: string;
  replySent: string;
}

/** What identifies a message: a client's or platform's message id is unique only within its conversation. */
type MessageIdentity = Pick<InboundMessage, "tenantId" | "channel" | "conversationId" | "channelMessageId">;

/**
 * Ids of the two events of a turn, derived from the message's identity — tenant, channel, conversation and message id
 * (ids never contain `|`) — so a retried request is idempotent and the same message id in another conversation is
 * another message.
 */
export function turnEventIds(message: MessageIdentity): TurnEventIds {
  const { tenantId, channel, conversationId, channelMessageId } = message;
  return fromMessageReceived(deterministicUuid(`${tenantId}|${channel}|${conversationId}|${channelMessageId}`));
}

/**
 * The ids a message got before its conversation was part of its identity (tenant, channel, message id only). Only
 * {@link resolveTurnEventIds} uses them, to recognise retries of messages recorded then.
 */
export function legacyTurnEventIds(message: Omit<MessageIdentity, "conversationId">): TurnEventIds {
  return fromMessageReceived(deterministicUuid(`${message.tenantId}|${message.channel}|${message.channelMessageId}`));
}

/**
 * The ids of this message's turn: its legacy ids when the log holds a `message.received` with them in this very
 * conversation (a retry of a message recorded before conversations were part of the identity), else
 * {@link turnEventIds}. One lookup by event id; a legacy id found in another conversation is another message.
 */
export async function resolveTurnEventIds(
  events: Pick<EventStore, "readEvent">,
  stream: string,
  message: MessageIdentity,
): Promise<TurnEventIds> {
  const legacy = legacyTurnEventIds(message);
  const recorded = await events.readEvent(legacy.messageReceived);
  return recorded?.stream === stream ? legacy : turnEventIds(message);
}

function fromMessageReceived(messageReceived: string): TurnEventIds {
  return { messageReceived, replySent: deterministicUuid(`${messageReceived}|reply`) };
}
