import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../shared/event-envelope.js";
import type { Clock, EventStore } from "./event-store.js";

const NOW = new Date("2026-11-23T10:00:00.123Z");

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: "test.happened",
    data: { n: 1 },
    metadata: {
      tenantId: "acme",
      correlationId: "corr-1",
      causationId: null,
      actor: { kind: "system", id: "contract" },
      modelVersion: null,
      policyVersion: null,
      sources: [],
    },
    ...overrides,
  };
}

function uniqueStream(): string {
  return `contract:${randomUUID()}`;
}

/** The behaviour every {@link EventStore} adapter must show; `makeStore` gets a fixed clock. */
export function describeEventStoreContract(name: string, makeStore: (clock: Clock) => EventStore | Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    const store = () => makeStore(() => new Date(NOW));

    it("appends events and reads them back in order with their positions", async () => {
      const events = await store();
      const stream = uniqueStream();
      const batch = [newEvent({ data: { n: 1 } }), newEvent({ data: { n: 2 } }), newEvent({ data: { n: 3 } })];
      const result = await events.append(stream, batch, { expectedVersion: "no_stream" });
      if (!result.ok) throw new Error("append failed");
      expect(result.value.duplicate).toBe(false);
      expect(result.value.nextExpectedVersion).toBe(3);
      expect(result.value.positions.map((position) => position.streamVersion)).toEqual([1, 2, 3]);
      expect(result.value.positions.map((position) => position.eventId)).toEqual(batch.map((event) => event.eventId));
      const read = await events.readStream(stream);
      expect(read.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(read.map((event) => event.globalPosition)).toEqual(result.value.positions.map((position) => position.globalPosition));
      expect(read.every((event) => event.stream === stream)).toBe(true);
      expect(await events.streamVersion(stream)).toBe(3);
    });

    it("reads a window of a stream with fromVersion and limit", async () => {
      const events = await store();
      const stream = uniqueStream();
      await events.append(stream, [1, 2, 3, 4].map((n) => newEvent({ data: { n } })), { expectedVersion: 0 });
      const window = await events.readStream(stream, { fromVersion: 2, limit: 2 });
      expect(window.map((event) => event.streamVersion)).toEqual([2, 3]);
    });

    it("reports an absent stream as version 0 with no events", async () => {
      const events = await store();
      expect(await events.streamVersion(uniqueStream())).toBe(0);
      expect(await events.readStream(uniqueStream())).toEqual([]);
    });

    it("appends with the right expected version and returns a conflict as a value otherwise", async () => {
      const events = await store();
      const stream = uniqueStream();
      await events.append(stream, [newEvent(), newEvent()], { expectedVersion: "no_stream" });
      const next = await events.append(stream, [newEvent()], { expectedVersion: 2 });
      expect(next.ok && next.value.nextExpectedVersion).toBe(3);
      const stale = await events.append(stream, [newEvent()], { expectedVersion: 2 });
      expect(stale).toEqual({ ok: false, error: { code: "stream_conflict", stream, expectedVersion: 2, actualVersion: 3 } });
      expect(await events.streamVersion(stream)).toBe(3);
      expect(await events.readStream(stream)).toHaveLength(3);
    });

    it("refuses no_stream and 0 on an existing stream, and a number on an absent one", async () => {
      const events = await store();
      const stream = uniqueStream();
      await events.append(stream, [newEvent()], { expectedVersion: "no_stream" });
      const again = await events.append(stream, [newEvent()], { expectedVersion: "no_stream" });
      expect(!again.ok && again.error).toMatchObject({ code: "stream_conflict", expectedVersion: "no_stream", actualVersion: 1 });
      const zero = await events.append(stream, [newEvent()], { expectedVersion: 0 });
      expect(!zero.ok && zero.error.actualVersion).toBe(1);
      const absent = await events.append(uniqueStream(), [newEvent()], { expectedVersion: 4 });
      expect(!absent.ok && absent.error).toMatchObject({ code: "stream_conflict", expectedVersion: 4, actualVersion: 0 });
    });

    it("appends with any whether or not the stream exists", async () => {
      const events = await store();
      const stream = uniqueStream();
      const first = await events.append(stream, [newEvent()], { expectedVersion: "any" });
      const second = await events.append(stream, [newEvent(), newEvent()], { expectedVersion: "any" });
      expect(first.ok && first.value.nextExpectedVersion).toBe(1);
      expect(second.ok && second.value.positions.map((position) => position.streamVersion)).toEqual([2, 3]);
    });

    it("treats a re-append of recorded event ids as a duplicate with the original positions, adding no row", async () => {
      const events = await store();
      const stream = uniqueStream();
      const batch = [newEvent(), newEvent()];
      const original = await events.append(stream, batch, { expectedVersion: "no_stream" });
      await events.append(stream, [newEvent()], { expectedVersion: 2 });
      for (const expectedVersion of ["no_stream", 0, 2, "any"] as const) {
        const retry = await events.append(stream, batch, { expectedVersion });
        expect(retry).toEqual({
          ok: true,
          value: { nextExpectedVersion: 3, positions: original.ok && original.value.positions, duplicate: true },
        });
      }
      expect(await events.readStream(stream)).toHaveLength(3);
    });

    it("refuses an append that mixes recorded and new event ids, or repeats an id", async () => {
      const events = await store();
      const stream = uniqueStream();
      const recorded = newEvent();
      await events.append(stream, [recorded], { expectedVersion: "no_stream" });
      await expect(events.append(stream, [recorded, newEvent()], { expectedVersion: 1 })).rejects.toThrow(/some but not all/);
      const repeated = newEvent();
      await expect(events.append(stream, [repeated, repeated], { expectedVersion: 1 })).rejects.toThrow(/twice/);
      expect(await events.streamVersion(stream)).toBe(1);
    });

    it("gives strictly increasing global positions across streams", async () => {
      const events = await store();
      const [a, b] = [uniqueStream(), uniqueStream()];
      const positions: number[] = [];
      for (const stream of [a, b, a, b, a]) {
        const result = await events.append(stream, [newEvent()], { expectedVersion: "any" });
        if (result.ok) positions.push(...result.value.positions.map((position) => position.globalPosition));
      }
      expect(positions).toHaveLength(5);
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Infinity);
    });

    it("round-trips data, metadata and the clock's recordedAt", async () => {
      const events = await store();
      const stream = uniqueStream();
      const event = newEvent({
        type: "message.received",
        data: { text: "héllo ✓ \"quoted\"", nested: { list: [1, null, true] }, empty: {} },
        metadata: {
          tenantId: "acme",
          correlationId: "corr-42",
          causationId: randomUUID(),
          actor: { kind: "model", id: "gemini" },
          modelVersion: "gemini-2.5-flash-001",
          policyVersion: "refunds@3",
          sources: [{ kind: "channel", ref: "web:m-1" }],
        },
      });
      await events.append(stream, [event], { expectedVersion: "no_stream" });
      const [read] = await events.readStream(stream);
      expect(read).toMatchObject({ ...event, stream, streamVersion: 1, recordedAt: NOW.toISOString() });
    });

    it("lets exactly one of several concurrent appends at the same expected version win", async () => {
      const events = await store();
      const stream = uniqueStream();
      await events.append(stream, [newEvent()], { expectedVersion: "no_stream" });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => events.append(stream, [newEvent()], { expectedVersion: 1 })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.error.code === "stream_conflict")).toHaveLength(4);
      expect(await events.streamVersion(stream)).toBe(2);
    });
  });
}
