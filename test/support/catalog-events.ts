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
export function catalogEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  metadata: Partial<EventMetadata> = {},
  eventId = randomUUID(),
): NewEvent {
  return { eventId, type, data, metadata: testMetadata(metadata) };
}

/** A customer message in a conversation. */
export function messageEvent(
  input: { customerId?: string; conversationId?: string; text?: string; at?: string; tenantId?: string } = {},
): NewEvent {
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
export function replyEvent(
  input: { customerId?: string; conversationId?: string; text?: string; model?: string; tenantId?: string } = {},
): NewEvent {
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

/** A profile update (fields left out stay unchanged). */
export function profileEvent(
  customerId: string,
  fields: { name?: string | null; email?: string | null; phone?: string | null; tier?: string | null },
  tenantId = "acme",
): NewEvent {
  return catalogEvent("customer.profile_updated", { customerId, ...fields }, { tenantId });
}

/** An intent classification in a conversation. */
export function intentEvent(input: {
  intent: string;
  confidence?: number;
  customerId?: string;
  conversationId?: string;
  tenantId?: string;
}): NewEvent {
  const data = {
    customerId: input.customerId ?? "cust-1",
    conversationId: input.conversationId ?? "conv-1",
    intent: input.intent,
    confidence: input.confidence ?? 0.9,
    outOfScope: false,
    modelVersion: "intents@1",
  };
  return catalogEvent("intent.classified", data, {
    tenantId: input.tenantId ?? "acme",
    actor: { kind: "model", id: "intents" },
  });
}

/** The action event types. */
export type ActionEventType =
  "action.proposed" | "action.approved" | "action.denied" | "action.executed" | "action.reversed";

/** One step of an action's life (proposed, approved, denied, executed, reversed). */
export function actionEvent(
  type: ActionEventType,
  input: {
    actionId: string;
    action?: "refund" | "discount" | "create_ticket";
    amountMinor?: number | null;
    customerId?: string;
    conversationId?: string | null;
    tenantId?: string;
  },
): NewEvent {
  const ref = {
    actionId: input.actionId,
    type: input.action ?? "refund",
    customerId: input.customerId ?? "cust-1",
    conversationId: input.conversationId === undefined ? "conv-1" : input.conversationId,
    amountMinor: input.amountMinor === undefined ? 1250 : input.amountMinor,
    currency: input.amountMinor === null ? null : "EUR",
  };
  const metadata = { tenantId: input.tenantId ?? "acme" };
  switch (type) {
    case "action.proposed":
      return catalogEvent(type, { ...ref, reason: "parcel lost" }, metadata);
    case "action.approved":
      return catalogEvent(type, { ...ref, approvedBy: "admin-1" }, metadata);
    case "action.denied":
      return catalogEvent(type, { ...ref, ruleIds: ["refund-limit"] }, metadata);
    case "action.executed":
      return catalogEvent(type, { ...ref, operationId: `op-${input.actionId}` }, metadata);
    case "action.reversed":
      return catalogEvent(type, { ...ref, reason: "charged back" }, metadata);
  }
}

/** A conversation handed to humans, or resolved. */
export function conversationEvent(
  type: "conversation.escalated" | "conversation.resolved",
  input: { customerId?: string; conversationId?: string; tenantId?: string } = {},
): NewEvent {
  const ref = { customerId: input.customerId ?? "cust-1", conversationId: input.conversationId ?? "conv-1" };
  const metadata = { tenantId: input.tenantId ?? "acme" };
  return type === "conversation.escalated"
    ? catalogEvent(type, { ...ref, reason: "angry" }, metadata)
    : catalogEvent(type, { ...ref, by: "human" }, metadata);
}

/** A customer's erasure. */
export function erasedEvent(customerId = "cust-1", tenantId = "acme"): NewEvent {
  return catalogEvent(
    "customer.erased",
    { customerId, requestedBy: "dpo", reason: "request" },
    { tenantId, actor: { kind: "admin", id: "dpo" } },
  );
}

/**
 * Envelopes of events as a store would record them (for pure folds): consecutive global positions from `from`
 * (default 1), one second apart from `at`, all in `stream`.
 */
export function recorded(
  events: NewEvent[],
  options: { from?: number; stream?: string; at?: string } = {},
): EventEnvelope[] {
  const from = options.from ?? 1;
  const start = Date.parse(options.at ?? "2026-11-23T10:00:00.000Z");
  return events.map((event, index) => ({
    ...event,
    stream: options.stream ?? "conversation:acme:conv-1",
    streamVersion: index + 1,
    globalPosition: from + index,
    recordedAt: new Date(start + index * 1000).toISOString(),
  }));
}
