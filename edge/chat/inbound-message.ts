import type { ChatRequest } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";

/** Longest id accepted by the shared id schema. */
const MAX_ID_LENGTH = 128;

/** What, besides the request, an inbound message is built from. */
export interface InboundMessageContext {
  correlationId: string;
  now: () => Date;
  newId: () => string;
}

/**
 * Normalises a web chat request into the envelope central expects: a new `c-<uuid>` conversation when none
 * is given, a `visitor-<conversationId>` customer for anonymous visitors, a fresh message id unless retried.
 */
export function toInboundMessage(request: ChatRequest, context: InboundMessageContext): InboundMessage {
  const conversationId = request.conversationId ?? `c-${context.newId()}`;
  return {
    tenantId: request.tenantId,
    channel: "web",
    conversationId,
    customerId: request.customerId ?? `visitor-${conversationId}`.slice(0, MAX_ID_LENGTH),
    channelMessageId: request.clientMessageId ?? context.newId(),
    text: request.text,
    receivedAt: context.now().toISOString(),
    correlationId: context.correlationId,
  };
}
