import { describe, expect, it } from "vitest";
import { eventEnvelopeSchema, newEventSchema } from "./event-envelope.js";

const metadata = {
  tenantId: "acme",
  correlationId: "corr-1",
  causationId: null,
  actor: { kind: "customer", id: "cust-7" },
  modelVersion: null,
  policyVersion: null,
  sources: [{ kind: "channel", ref: "web:m-1" }],
};

const newEvent = {
  eventId: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
  type: "message.received",
  data: { text: "hi" },
  metadata,
};

describe("event envelope", () => {
  it("accepts a new event and a recorded one", () => {
    expect(newEventSchema.parse(newEvent).type).toBe("message.received");
    const recorded = eventEnvelopeSchema.parse({
      ...newEvent,
      stream: "conversation:acme:c-1",
      streamVersion: 1,
      globalPosition: 42,
      recordedAt: "2026-11-23T10:00:00.000Z",
    });
    expect(recorded.globalPosition).toBe(42);
    expect(recorded.metadata.sources).toEqual([{ kind: "channel", ref: "web:m-1" }]);
  });

  it("requires dotted lower-case event types", () => {
    expect(newEventSchema.safeParse({ ...newEvent, type: "MessageReceived" }).success).toBe(false);
    expect(newEventSchema.safeParse({ ...newEvent, type: "message" }).success).toBe(false);
  });

  it("requires a uuid event id and positions starting at 1", () => {
    expect(newEventSchema.safeParse({ ...newEvent, eventId: "42" }).success).toBe(false);
    const base = { ...newEvent, stream: "s", streamVersion: 0, globalPosition: 1, recordedAt: "2026-11-23T10:00:00Z" };
    expect(eventEnvelopeSchema.safeParse(base).success).toBe(false);
  });

  it("requires provenance fields in metadata, allowing null versions", () => {
    const { sources: _omitted, ...withoutSources } = metadata;
    expect(newEventSchema.safeParse({ ...newEvent, metadata: withoutSources }).success).toBe(false);
    const withVersions = { ...metadata, modelVersion: "gemini-2.5-flash-001", policyVersion: "acme@3" };
    expect(newEventSchema.parse({ ...newEvent, metadata: withVersions }).metadata.policyVersion).toBe("acme@3");
  });
});
