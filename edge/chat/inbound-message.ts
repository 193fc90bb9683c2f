import type { ChatRequest } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import type { WebSession } from "../web/web-session.js";

/** What, besides the request and the session, an inbound message is built from. */
export interface InboundMessageContext {
  correlationId: string;
  now: () => Date;
  newId: () => string;
}

/**
 * Normalises a web chat request into the envelope central expects: tenant, conversation and customer (and whether the
 * merchant vouches for the customer) from the verified session, a fresh message id unless the client retries one.
 */
export function toInboundMessage(
  request: ChatRequest,
  session: Pick<WebSession, "tenantId" | "conversationId" | "customerId" | "customerVerified">,
  context: InboundMessageContext,
): InboundMessage {
  return {
    tenantId: session.tenantId,
    channel: "web",
    conversationId: session.conversationId,
    customerId: session.customerId,
    customerVerified: session.customerVerified,
    channelMessageId: request.clientMessageId ?? context.newId(),
    text: request.text,
    receivedAt: context.now().toISOString(),
    correlationId: context.correlationId,
  };
}
