import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { catalogEvent, streamEvents } from "../../test/support/catalog-events.js";
import { describeEventStoreReadContract } from "./event-store-reads.contract.js";
import { describeEventStoreValidationContract } from "./event-store-validation.contract.js";
import { CONTRACT_NOW, contractEvent, contractStream } from "./event-store-contract-fixtures.js";
import type { EventStore } from "./event-store.js";
import type { Clock } from "../clock.js";

const intentOf = (data: Record<string, unknown>) => data.intent;

/** The behaviour every {@link EventStore} adapter must show; `makeStore` gets a fixed clock. */
export function describeEventStoreContract(
  name: string,
  makeStore: (clock: Clock) => EventStore | Promise<EventStore>,
): void {
  const store = () => makeStore(() => new Date(CONTRACT_NOW));

  describe(`EventStore contract: ${name}`, () => {
    it("appends events and reads them back in order with their positions", async () => {
      const events = await store();
      const stream = contractStream();
      const batch = [contractEvent(1), contractEvent(2), contractEvent(3)];
      const result = await events.append(stream, batch, { expectedVersion: "no_stream" });
      if (!result.ok) throw new Error("append failed");
      expect(result.value.duplicate).toBe(false);
      expect(result.value.nextExpectedVersion).toBe(3);
      expect(result.value.positions.map((position) => position.streamVersion)).toEqual([1, 2, 3]);
      expect(result.value.positions.map((position) => position.eventId)).toEqual(batch.map((event) => event.eventId));
      const read = await streamEvents(events, stream);
      expect(read.map((event) => intentOf(event.data))).toEqual(["i-1", "i-2", "i-3"]);
      expect(read.map((event) => event.globalPosition)).toEqual(
        result.value.positions.map((position) => position.globalPosition),
      );
      expect(read.every((event) => event.stream === stream)).toBe(true);
      expect(await events.streamVersion(stream)).toBe(3);
    });

    it("appends with the right expected version and returns a conflict as a value otherwise", async () => {
      const events = await store();
      const stream = contractStream();
      await events.append(stream, [contractEvent(), contractEvent()], { expectedVersion: "no_stream" });
      const next = await events.append(stream, [contractEvent()], { expectedVersion: 2 });
      expect(next.ok && next.value.nextExpectedVersion).toBe(3);
      const stale = await events.append(stream, [contractEvent()], { expectedVersion: 2 });
      expect(stale).toEqual({
        ok: false,
        error: { code: "stream_conflict", stream, expectedVersion: 2, actualVersion: 3 },
      });
      expect(await events.streamVersion(stream)).toBe(3);
      expect(await streamEvents(events, stream)).toHaveLength(3);
    });

    it("refuses no_stream and 0 on an existing stream, and a number on an absent one", async () => {
      const events = await store();
      const stream = contractStream();
      await events.append(stream, [contractEvent()], { expectedVersion: "no_stream" });
      const again = await events.append(stream, [contractEvent()], { expectedVersion: "no_stream" });
      expect(!again.ok && again.error).toMatchObject({
        code: "stream_conflict",
        expectedVersion: "no_stream",
        actualVersion: 1,
      });
      const zero = await events.append(stream, [contractEvent()], { expectedVersion: 0 });
      expect(!zero.ok && zero.error).toMatchObject({ code: "stream_conflict", actualVersion: 1 });
      const absent = await events.append(contractStream(), [contractEvent()], { expectedVersion: 4 });
      expect(!absent.ok && absent.error).toMatchObject({
        code: "stream_conflict",
        expectedVersion: 4,
        actualVersion: 0,
      });
    });

    it("appends with any whether or not the stream exists", async () => {
      const events = await store();
      const stream = contractStream();
      const first = await events.append(stream, [contractEvent()], { expectedVersion: "any" });
      const second = await events.append(stream, [contractEvent(), contractEvent()], { expectedVersion: "any" });
      expect(first.ok && first.value.nextExpectedVersion).toBe(1);
      expect(second.ok && second.value.positions.map((position) => position.streamVersion)).toEqual([2, 3]);
    });

    it("treats re-appending recorded event ids as a duplicate with the original positions, adding no row", async () => {
      const events = await store();
      const stream = contractStream();
      const batch = [contractEvent(), contractEvent()];
      const original = await events.append(stream, batch, { expectedVersion: "no_stream" });
      await events.append(stream, [contractEvent()], { expectedVersion: 2 });
      const head = await events.headPosition();
      for (const expectedVersion of ["no_stream", 0, 2, "any"] as const) {
        const retry = await events.append(stream, batch, { expectedVersion });
        expect(retry).toEqual({
          ok: true,
          value: { nextExpectedVersion: 3, positions: original.ok && original.value.positions, duplicate: true },
        });
      }
      expect(await streamEvents(events, stream)).toHaveLength(3);
      expect(await events.headPosition()).toBe(head);
    });

    it("refuses an append that mixes recorded and new event ids, or repeats an id", async () => {
      const events = await store();
      const stream = contractStream();
      const recorded = contractEvent();
      await events.append(stream, [recorded], { expectedVersion: "no_stream" });
      await expect(events.append(stream, [recorded, contractEvent()], { expectedVersion: 1 })).rejects.toThrow(
        /some but not all/,
      );
      const repeated = contractEvent();
      await expect(events.append(stream, [repeated, repeated], { expectedVersion: 1 })).rejects.toThrow(/twice/);
      expect(await events.streamVersion(stream)).toBe(1);
    });

    it("gives strictly increasing global positions across streams", async () => {
      const events = await store();
      const [a, b] = [contractStream(), contractStream()];
      const positions: number[] = [];
      for (const stream of [a, b, a, b, a]) {
        const result = await events.append(stream, [contractEvent()], { expectedVersion: "any" });
        if (result.ok) positions.push(...result.value.positions.map((position) => position.globalPosition));
      }
      expect(positions).toHaveLength(5);
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Infinity);
    });

    it("round-trips data, metadata and the clock's recordedAt", async () => {
      const events = await store();
      const stream = contractStream();
      const event = catalogEvent(
        "message.received",
        {
          channel: "web",
          conversationId: "conv-1",
          customerId: "cust-1",
          channelMessageId: "m-1",
          text: 'héllo ✓ "quoted" \u{1F600}',
          receivedAt: "2026-11-23T10:00:00.000Z",
        },
        {
          correlationId: "corr-42",
          causationId: randomUUID(),
          actor: { kind: "model", id: "gemini" },
          modelVersion: "gemini-2.5-flash-001",
          policyVersion: "refunds@3",
          sources: [{ kind: "channel", ref: "web:m-1" }],
        },
      );
      await events.append(stream, [event], { expectedVersion: "no_stream" });
      const [read] = await streamEvents(events, stream);
      expect(read).toMatchObject({ ...event, stream, streamVersion: 1, recordedAt: CONTRACT_NOW.toISOString() });
    });

    it("lets exactly one of several concurrent appends at the same expected version win", async () => {
      const events = await store();
      const stream = contractStream();
      await events.append(stream, [contractEvent()], { expectedVersion: "no_stream" });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => events.append(stream, [contractEvent()], { expectedVersion: 1 })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.error.code === "stream_conflict")).toHaveLength(4);
      expect(await events.streamVersion(stream)).toBe(2);
    });

    describeEventStoreReadContract(store);
    describeEventStoreValidationContract(store);
  });
}
