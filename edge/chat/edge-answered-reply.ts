import type { ChatReply } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { turnEventIdsOf } from "../../shared/turn-event-ids.js";

/**
 * The reply to a turn the edge answered itself, built without central: the same fields central returns when it records
 * that turn (provider and model as central/turns/edge-turn-events.ts sets them), under the ids central will give its
 * events. `replayed` is false: the edge does not know whether central already holds this message.
 */
export async function edgeAnsweredReply(
  message: InboundMessage,
  answer: { text: string; provider: string },
  edge: NonNullable<ChatReply["edge"]>,
): Promise<ChatReply> {
  return {
    tenantId: message.tenantId,
    conversationId: message.conversationId,
    customerId: message.customerId,
    messageId: message.channelMessageId,
    correlationId: message.correlationId,
    reply: {
      text: answer.text,
      provider: answer.provider,
      model: message.classification?.modelVersion ?? "edge",
      offline: false,
      usage: null,
    },
    events: await turnEventIdsOf(message),
    replayed: false,
    edge,
  };
}
