import { randomUUID } from "node:crypto";
import type { EventEnvelope, EventMetadata, NewEvent } from "../../shared/event-envelope.js";
import type { EventData, EventType } from "../../shared/events/catalog.js";
import type { EventStore } from "../../central/event-store/event-store.js";
import { readStreamOrEmpty } from "../../central/event-store/read-stream-events.js";

/** Event metadata for tests (tenant acme, system actor), with overrides. */
export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    tenantId: "acme",
    correlationId: "corr-test",
    causationId: null,
    actor: { kind: "system", id: "test" },
    modelVersion: null,
    policyVersion: null,
    sources: [],
    ...overrides,
  };
}

/** A catalog event of type `type` (a fresh id unless `eventId` is given). */
export function catalogEvent<T extends EventType>(type: T, data: EventData<T>, metadata: Partial<EventMetadata> = {}, eventId = randomUUID()): NewEvent {
  return { eventId, type, data, metadata: testMetadata(metadata) };
}

/** A customer message in a conversation. */
export function messageEvent(input: { customerId?: string; conversationId?: string; text?: string; at?: string; tenantId?: string } = {}): NewEvent {
  const customerId = input.customerId ?? "cust-1";
  return catalogEvent(
    "message.received",
    {
      channel: "web",
      conversationId: input.conversationId ?? "conv-1",
      customerId,
      channelMessageId: `m-${randomUUID()}`,
      text: input.text ?? "Where is my order?",
      receivedAt: input.at ?? "2026-11-23T10:00:00.000Z",
    },
    { tenantId: input.tenantId ?? "acme", actor: { kind: "customer", id: customerId } },
  );
}

/** A model reply in a conversation. */
export function replyEvent(input: { customerId?: string; conversationId?: string; text?: string; model?: string; tenantId?: string } = {}): NewEvent {
  return catalogEvent(
    "reply.sent",
    {
      conversationId: input.conversationId ?? "conv-1",
      customerId: input.customerId ?? "cust-1",
      text: input.text ?? "It ships today.",
      provider: "fake",
      model: input.model ?? "fake-model",
      offline: false,
      usage: null,
      latencyMs: 10,
      attempts: 1,
    },
    { tenantId: input.tenantId ?? "acme", actor: { kind: "model", id: "fake" } },
  );
}

/** A stream's events, oldest first; [] when the stream does not exist. */
export function streamEvents(store: Pick<EventStore, "readStream">, stream: string): Promise<EventEnvelope[]> {
  return readStreamOrEmpty(store, stream);
}
