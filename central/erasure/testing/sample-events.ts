import { randomUUID } from "node:crypto";
import type { EventMetadata, NewEvent } from "../../../shared/event-envelope.js";
import type { EventData, EventType } from "../../../shared/events/catalog.js";
import { catalogEvent, testMetadata } from "../../../test/support/catalog-events.js";

/** Personal data of the sample customer: tests search raw rows and API bodies for each of these strings. */
export const SAMPLE_PERSONAL = {
  name: "Ada Lovelace-Byron",
  email: "ada.lovelace@example.org",
  phone: "+44 20 7946 0958",
  message: "My address is 12 Analytical Engine Lane, please refund order 77",
  reply: "Sorry Ada, the refund for order 77 is on its way",
  reason: "Ada says the parcel to Analytical Engine Lane never arrived",
} as const;

/** Metadata of a sample event (the test metadata with a sample correlation and actor); override per event. */
export function sampleMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return testMetadata({ correlationId: "corr-sample", actor: { kind: "system", id: "sample" }, ...overrides });
}

/** A catalog event of type `type` with a fresh id and sample metadata. */
export function sampleEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  metadata: Partial<EventMetadata> = {},
): NewEvent {
  return catalogEvent(type, data, sampleMetadata(metadata));
}

/** The sample customer's profile update. */
export function sampleProfile(customerId: string, metadata: Partial<EventMetadata> = {}): NewEvent {
  const { name, email, phone } = SAMPLE_PERSONAL;
  return sampleEvent("customer.profile_updated", { customerId, name, email, phone, tier: "gold" }, metadata);
}

/** A message from the sample customer in a conversation. */
export function sampleMessage(
  customerId: string,
  conversationId: string,
  metadata: Partial<EventMetadata> = {},
): NewEvent {
  return sampleEvent(
    "message.received",
    {
      channel: "web",
      conversationId,
      customerId,
      channelMessageId: `m-${randomUUID()}`,
      text: SAMPLE_PERSONAL.message,
      receivedAt: "2026-11-23T10:00:00.000Z",
    },
    { actor: { kind: "customer", id: customerId }, sources: [{ kind: "channel", ref: "web:m-1" }], ...metadata },
  );
}

/** A model reply to the sample customer, caused by `causationId`. */
export function sampleReply(
  customerId: string,
  conversationId: string,
  metadata: Partial<EventMetadata> = {},
): NewEvent {
  return sampleEvent(
    "reply.sent",
    {
      conversationId,
      customerId,
      text: SAMPLE_PERSONAL.reply,
      provider: "offline",
      model: "echo-1",
      offline: true,
      usage: null,
      latencyMs: 12,
      attempts: 1,
    },
    { actor: { kind: "model", id: "offline" }, modelVersion: "echo-1", ...metadata },
  );
}

/** A refund proposal (personal reason) and its approval (no personal fields) for 1250 minor units. */
export function sampleRefund(
  customerId: string,
  conversationId: string,
  metadata: Partial<EventMetadata> = {},
): [NewEvent, NewEvent] {
  const ref = {
    actionId: `a-${randomUUID()}`,
    type: "refund" as const,
    customerId,
    conversationId,
    amountMinor: 1250,
    currency: "EUR",
  };
  const proposed = sampleEvent(
    "action.proposed",
    { ...ref, reason: SAMPLE_PERSONAL.reason },
    { actor: { kind: "model", id: "gemini" }, policyVersion: "refunds@3", ...metadata },
  );
  const approved = sampleEvent(
    "action.approved",
    { ...ref, approvedBy: "admin-1" },
    {
      actor: { kind: "admin", id: "admin-1" },
      policyVersion: "refunds@3",
      ...metadata,
      causationId: proposed.eventId,
    },
  );
  return [proposed, approved];
}

/** Distinctive fragments of the sample personal data (long enough never to occur by chance in base64 ciphertext). */
const FRAGMENTS = ["Lovelace", "ada.lovelace", "7946 0958", "Analytical Engine", "refund for order 77"];

/** Every sample personal string, or distinctive fragment of one, that appears in `text`. */
export function personalDataIn(text: string): string[] {
  return [...Object.values(SAMPLE_PERSONAL), ...FRAGMENTS].filter((value) => text.includes(value));
}
