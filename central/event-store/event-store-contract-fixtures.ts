import { randomUUID } from "node:crypto";
import type { NewEvent } from "../../shared/event-envelope.js";
import { catalogEvent } from "../../test/support/catalog-events.js";

/** The instant every contract store's clock returns. */
export const CONTRACT_NOW = new Date("2026-11-23T10:00:00.123Z");

/** A valid catalog event for contract tests; `n` shows in its data (`intent: i-<n>`). */
export function contractEvent(n = 1, overrides: Partial<NewEvent> = {}): NewEvent {
  const data = {
    customerId: "cust-1",
    conversationId: "conv-1",
    intent: `i-${n}`,
    confidence: 0.5,
    outOfScope: false,
    modelVersion: "m1",
  };
  return { ...catalogEvent("intent.classified", data), ...overrides };
}

/** A fresh stream name of tenant acme. */
export function contractStream(): string {
  return `contract:acme:${randomUUID()}`;
}
