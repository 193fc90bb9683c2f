import { randomUUID } from "node:crypto";
import type { NewEvent } from "../../shared/event-envelope.js";

/** A valid `message.received` event for a benchmark conversation (the shape real turns write). */
export function benchMessageEvent(tenantId: string, conversationId: string, index: number): NewEvent {
  const customerId = `cust-${conversationId}`;
  return {
    eventId: randomUUID(),
    type: "message.received",
    data: {
      channel: "web",
      conversationId,
      customerId,
      channelMessageId: `m-${conversationId}-${index}`,
      text: `Where is my order #${index}? It was due yesterday and the tracking page has not moved.`,
      receivedAt: new Date().toISOString(),
    },
    metadata: {
      tenantId,
      correlationId: `bench-${conversationId}-${index}`,
      causationId: null,
      actor: { kind: "customer", id: customerId },
      modelVersion: null,
      policyVersion: null,
      sources: [{ kind: "channel", ref: `web:m-${conversationId}-${index}` }],
    },
  };
}
