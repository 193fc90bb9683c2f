import type { InboundMessage } from "../../shared/message-envelope.js";

/** A valid inbound message for tests (tenant acme, conversation conv-1, web message m-1), with overrides. */
export function inboundMessage(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    tenantId: "acme",
    channel: "web",
    conversationId: "conv-1",
    customerId: "cust-1",
    channelMessageId: "m-1",
    text: "Where is my order?",
    receivedAt: "2026-11-23T10:00:00.000Z",
    correlationId: "corr-1",
    ...overrides,
  };
}
