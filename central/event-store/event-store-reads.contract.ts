import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contractEvent, contractStream } from "./event-store-contract-fixtures.js";
import type { EventStore } from "./event-store.js";

type MakeStore = () => EventStore | Promise<EventStore>;

async function streamOf(events: EventStore, count: number): Promise<{ stream: string; positions: number[] }> {
  const stream = contractStream();
  const result = await events.append(
    stream,
    Array.from({ length: count }, (_, i) => contractEvent(i + 1)),
    { expectedVersion: "no_stream" },
  );
  if (!result.ok) throw new Error(`append failed: ${result.error.code}`);
  return { stream, positions: result.value.positions.map((position) => position.globalPosition) };
}

const versions = (read: { ok: boolean; value?: { streamVersion: number }[] }) =>
  read.ok ? read.value?.map((event) => event.streamVersion) : read;

/** Reading streams, the global log and single events (part of the one EventStore contract). */
export function describeEventStoreReadContract(store: MakeStore): void {
  describe("reads", () => {
    it("reads a window of a stream with fromVersion and limit, forward and backward", async () => {
      const events = await store();
      const { stream } = await streamOf(events, 4);
      expect(versions(await events.readStream(stream, { fromVersion: 2, limit: 2 }))).toEqual([2, 3]);
      expect(versions(await events.readStream(stream, { direction: "backward" }))).toEqual([4, 3, 2, 1]);
      expect(versions(await events.readStream(stream, { direction: "backward", fromVersion: 3, limit: 2 }))).toEqual([
        3, 2,
      ]);
      expect(versions(await events.readStream(stream, { direction: "backward", limit: 1 }))).toEqual([4]);
    });

    it("answers a read of an absent stream with stream_not_found", async () => {
      const events = await store();
      const stream = contractStream();
      expect(await events.streamVersion(stream)).toBe(0);
      expect(await events.readStream(stream)).toEqual({
        ok: false,
        error: { code: "stream_not_found", stream, message: expect.any(String) },
      });
      expect(await events.readStream(stream, { direction: "backward" })).toMatchObject({
        ok: false,
        error: { code: "stream_not_found" },
      });
    });

    it("answers a read past the end with beyond_end; reading from version + 1 is an empty page", async () => {
      const events = await store();
      const { stream } = await streamOf(events, 2);
      expect(await events.readStream(stream, { fromVersion: 3 })).toEqual({ ok: true, value: [] });
      expect(await events.readStream(stream, { fromVersion: 4 })).toEqual({
        ok: false,
        error: {
          code: "beyond_end",
          stream,
          fromVersion: 4,
          version: 2,
          message: expect.stringContaining("version 2"),
        },
      });
      expect(await events.readStream(stream, { fromVersion: 3, direction: "backward" })).toMatchObject({
        ok: false,
        error: { code: "beyond_end", fromVersion: 3, version: 2 },
      });
    });

    it("reads the global log after a position, ascending across streams, a page at a time", async () => {
      const events = await store();
      const head = await events.headPosition();
      const a = await streamOf(events, 2);
      const b = await streamOf(events, 1);
      const c = await streamOf(events, 2);
      const all = await events.readAll({ after: head });
      expect(all.map((event) => event.globalPosition)).toEqual([...a.positions, ...b.positions, ...c.positions]);
      expect(all.map((event) => event.stream)).toEqual([a.stream, a.stream, b.stream, c.stream, c.stream]);
      const page = await events.readAll({ after: a.positions[1], limit: 2 });
      expect(page.map((event) => event.globalPosition)).toEqual([...b.positions, c.positions[0]]);
      expect(await events.readAll({ after: c.positions[1] })).toEqual([]);
      expect(await events.headPosition()).toBe(c.positions[1]);
    });

    it("returns the same envelopes from readAll as from readStream", async () => {
      const events = await store();
      const head = await events.headPosition();
      const { stream } = await streamOf(events, 3);
      const fromStream = await events.readStream(stream);
      expect(fromStream.ok && fromStream.value).toEqual(await events.readAll({ after: head }));
    });

    it("finds one event by id, whatever the case of the id, and answers null for unknown ids", async () => {
      const events = await store();
      const { stream } = await streamOf(events, 2);
      const read = await events.readStream(stream, { fromVersion: 2 });
      const second = read.ok ? read.value[0] : undefined;
      expect(second).toBeDefined();
      expect(await events.readEvent(second?.eventId.toUpperCase() ?? "")).toEqual(second);
      expect(await events.readEvent(randomUUID())).toBeNull();
      expect(await events.readEvent("not-a-uuid")).toBeNull();
    });
  });
}
