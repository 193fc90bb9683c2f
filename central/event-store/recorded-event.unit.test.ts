import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import { catalogEvent } from "../../test/support/catalog-events.js";
import { parseRecordedEvent } from "./recorded-event.js";

const stamped = (event: Omit<EventEnvelope, "stream" | "streamVersion" | "globalPosition" | "recordedAt">) => ({
  ...event,
  stream: "conversation:acme:conv-1",
  streamVersion: 1,
  globalPosition: 1,
  recordedAt: "2026-11-20T10:00:00.000Z",
});

describe("reading a recorded event through the catalog", () => {
  it("types the data by the event's type", () => {
    const event = parseRecordedEvent(
      stamped(catalogEvent("conversation.resolved", { customerId: "cust-1", conversationId: "conv-1", by: "human" })),
    );

    expect(event.type === "conversation.resolved" && event.data.by).toBe("human");
  });

  it("accepts personal fields as opaque text: ciphertext longer than the plaintext limit reads", () => {
    const escalated = catalogEvent("conversation.escalated", {
      customerId: "cust-1",
      conversationId: "conv-1",
      reason: "r",
    });

    expect(
      parseRecordedEvent(stamped({ ...escalated, data: { ...escalated.data, reason: "x".repeat(5000) } })).data,
    ).toMatchObject({ reason: "x".repeat(5000) });
  });

  it("throws on an event the catalog does not describe: the store refuses those, so it is a bug", () => {
    const resolved = catalogEvent("conversation.resolved", { customerId: "c", conversationId: "v", by: "human" });

    expect(() => parseRecordedEvent(stamped({ ...resolved, type: "conversation.teleported" }))).toThrow(
      /not in the catalog/,
    );
    expect(() => parseRecordedEvent(stamped({ ...resolved, data: { ...resolved.data, by: "robot" } }))).toThrow(
      /does not match the catalog: by/,
    );
  });
});
