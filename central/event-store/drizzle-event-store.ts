import { and, eq, inArray, sql } from "drizzle-orm";
import type { NewEvent } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { Db } from "../db/database.js";
import { events as eventsTable, streams } from "../db/schema.js";
import { validateAppend } from "./append-validation.js";
import { createDrizzleEventReads, currentVersion } from "./drizzle-event-reads.js";
import {
  assertDistinctEventIds,
  resolveDuplicate,
  versionMatches,
  type AppendError,
  type AppendSuccess,
  type Clock,
  type EventStore,
  type ExpectedVersion,
} from "./event-store.js";

type Executor = Pick<Db, "select" | "insert" | "update" | "execute">;
type AppendResult = Result<AppendSuccess, AppendError>;

/**
 * Key of the transaction-level advisory lock every append takes just before allocating global positions and holds
 * until it commits: positions then become visible in the order they were allocated, so a subscriber that has seen
 * position N never later meets a lower one. Appends serialise only from their insert to their commit.
 */
export const POSITION_LOCK_KEY = 4_242_002;

/** The {@link EventStore} on PGlite or PostgreSQL: one transaction per append, locking the stream's version row. */
export function createDrizzleEventStore(db: Db, clock: Clock): EventStore {

  async function findDuplicate(stream: string, events: NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((event) => event.eventId.toLowerCase());
    const recorded = await db
      .select({ eventId: eventsTable.eventId, streamVersion: eventsTable.streamVersion, globalPosition: eventsTable.globalPosition })
      .from(eventsTable)
      .where(inArray(eventsTable.eventId, ids));
    const positions = resolveDuplicate(events, recorded);
    if (!positions) return null;
    return ok({ nextExpectedVersion: await currentVersion(db, stream), positions, duplicate: true });
  }

  /** Moves the stream's version forward by `count` if it matches; returns the new version, or null on a conflict. */
  async function claim(tx: Executor, stream: string, expected: ExpectedVersion, count: number): Promise<number | null> {
    const returning = { version: streams.version };
    if (expected === "any") {
      const [row] = await tx
        .insert(streams)
        .values({ streamId: stream, version: count })
        .onConflictDoUpdate({ target: streams.streamId, set: { version: sql`${streams.version} + ${count}` } })
        .returning(returning);
      return row?.version ?? null;
    }
    if (expected === "no_stream" || expected === 0) {
      const [row] = await tx.insert(streams).values({ streamId: stream, version: count }).onConflictDoNothing().returning(returning);
      return row?.version ?? null;
    }
    const [row] = await tx
      .update(streams)
      .set({ version: expected + count })
      .where(and(eq(streams.streamId, stream), eq(streams.version, expected)))
      .returning(returning);
    return row?.version ?? null;
  }

  async function write(stream: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult | "conflict"> {
    return db.transaction(async (tx) => {
      const next = await claim(tx, stream, expected, events.length);
      if (next === null) return "conflict";
      const first = next - events.length + 1;
      const recordedAt = clock();
      await tx.execute(sql`select pg_advisory_xact_lock(${POSITION_LOCK_KEY})`);
      const rows = await tx
        .insert(eventsTable)
        .values(
          events.map((event, index) => ({
            eventId: event.eventId,
            streamId: stream,
            streamVersion: first + index,
            type: event.type,
            data: event.data,
            metadata: event.metadata,
            recordedAt,
          })),
        )
        .returning({ eventId: eventsTable.eventId, streamVersion: eventsTable.streamVersion, globalPosition: eventsTable.globalPosition });
      rows.sort((a, b) => a.streamVersion - b.streamVersion);
      return ok({ nextExpectedVersion: next, positions: rows, duplicate: false });
    });
  }

  return {
    async append(stream, events, options) {
      assertDistinctEventIds(events);
      const valid = validateAppend(stream, events);
      if (!valid.ok) return valid;
      const expected = options.expectedVersion;
      if (events.length === 0) {
        const actualVersion = await currentVersion(db, stream);
        if (versionMatches(expected, actualVersion)) return ok({ nextExpectedVersion: actualVersion, positions: [], duplicate: false });
        return err({ code: "stream_conflict", stream, expectedVersion: expected, actualVersion });
      }
      // No duplicate check up front (one round trip less per append): a recorded id fails the insert on the
      // unique index, which rolls the transaction back; only then are the original positions looked up.
      let outcome: AppendResult | "conflict";
      try {
        outcome = await write(stream, events, expected);
      } catch (error) {
        // These event ids are recorded (a retry), possibly by a concurrent append.
        if (isUniqueViolation(error)) {
          const raced = await findDuplicate(stream, events);
          if (raced) return raced;
        }
        throw error;
      }
      if (outcome !== "conflict") return outcome;
      // The winner of the race may have been a retry of these very events: that is a duplicate, not a conflict.
      const raced = await findDuplicate(stream, events);
      if (raced) return raced;
      return err({ code: "stream_conflict", stream, expectedVersion: expected, actualVersion: await currentVersion(db, stream) });
    },

    ...createDrizzleEventReads(db),
  };
}

/** True when the error (or one of its causes) is PostgreSQL's unique_violation (SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    if ("code" in current && current.code === "23505") return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}
