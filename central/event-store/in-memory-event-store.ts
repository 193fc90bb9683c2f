import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import { validateAppend } from "./append-validation.js";
import {
  assertDistinctEventIds,
  DEFAULT_READ_ALL_LIMIT,
  resolveDuplicate,
  streamWindow,
  versionMatches,
  type AppendError,
  type AppendSuccess,
  type EventPosition,
  type EventStore,
  type ExpectedVersion,
} from "./event-store.js";
import type { Clock } from "../clock.js";

/** An in-process {@link EventStore} for unit tests and fakes; same semantics as the database adapter. */
export function createInMemoryEventStore(clock: Clock = () => new Date()): EventStore {
  const log: EventEnvelope[] = [];
  const byStream = new Map<string, EventEnvelope[]>();
  const byId = new Map<string, EventEnvelope>();

  const positionOf = (event: EventEnvelope): EventPosition => ({
    eventId: event.eventId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
  });

  return {
    async append(
      stream: string,
      events: NewEvent[],
      options: { expectedVersion: ExpectedVersion },
    ): Promise<Result<AppendSuccess, AppendError>> {
      assertDistinctEventIds(events);
      const valid = validateAppend(stream, events);
      if (!valid.ok) return valid;
      const existing = byStream.get(stream) ?? [];
      const recorded = events.flatMap((event) => byId.get(event.eventId.toLowerCase()) ?? []);
      const original = resolveDuplicate(events, recorded.map(positionOf));
      if (original) return ok({ nextExpectedVersion: existing.length, positions: original, duplicate: true });
      if (!versionMatches(options.expectedVersion, existing.length)) {
        return err({
          code: "stream_conflict",
          stream,
          expectedVersion: options.expectedVersion,
          actualVersion: existing.length,
        });
      }
      const recordedAt = clock().toISOString();
      const appended = events.map((event, index): EventEnvelope => ({
        ...structuredClone(event),
        eventId: event.eventId.toLowerCase(),
        stream,
        streamVersion: existing.length + index + 1,
        globalPosition: log.length + index + 1,
        recordedAt,
      }));
      log.push(...appended);
      byStream.set(stream, [...existing, ...appended]);
      for (const event of appended) byId.set(event.eventId, event);
      return ok({
        nextExpectedVersion: existing.length + appended.length,
        positions: appended.map(positionOf),
        duplicate: false,
      });
    },

    async readStream(stream, options = {}) {
      const events = byStream.get(stream) ?? [];
      const window = streamWindow(stream, events.length, options);
      if (!window.ok) return window;
      if (!window.value) return ok([]);
      const { first, last, direction } = window.value;
      const slice = events.slice(first - 1, last);
      return ok(structuredClone(direction === "backward" ? slice.reverse() : slice));
    },

    async readAll(options = {}) {
      const after = Math.max(options.after ?? 0, 0);
      return structuredClone(log.slice(after, after + (options.limit ?? DEFAULT_READ_ALL_LIMIT)));
    },

    async headPosition() {
      return log.length;
    },

    async readEvent(eventId) {
      const event = byId.get(eventId.toLowerCase());
      return event ? structuredClone(event) : null;
    },

    async streamVersion(stream) {
      return byStream.get(stream)?.length ?? 0;
    },
  };
}
