import { inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { NewEvent } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { Db } from "../db/database.js";
import { events as eventsTable } from "../db/schema.js";
import { validateAppend } from "./append-validation.js";
import { createDrizzleEventReads, currentVersion } from "./drizzle-event-reads.js";
import {
  assertDistinctEventIds,
  resolveDuplicate,
  versionMatches,
  type AppendError,
  type AppendSuccess,
  type EventStore,
  type ExpectedVersion,
} from "./event-store.js";
import type { Clock } from "../clock.js";

const insertedRowsSchema = z.object({
  rows: z.array(
    z.object({
      event_id: z.string(),
      stream_version: z.coerce.number(),
      global_position: z.union([z.string(), z.number()]),
    }),
  ),
});
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
      .select({
        eventId: eventsTable.eventId,
        streamVersion: eventsTable.streamVersion,
        globalPosition: eventsTable.globalPosition,
      })
      .from(eventsTable)
      .where(inArray(eventsTable.eventId, ids));
    const positions = resolveDuplicate(events, recorded);
    if (!positions) return null;
    return ok({ nextExpectedVersion: await currentVersion(db, stream), positions, duplicate: true });
  }

  /** The statement that moves the stream's version forward by `count` if it matches, returning the new version. */
  function claimStatement(stream: string, expected: ExpectedVersion, count: number): SQL {
    if (expected === "any") {
      return sql`insert into streams (stream_id, version) values (${stream}, ${count})
        on conflict (stream_id) do update set version = streams.version + ${count} returning version`;
    }
    if (expected === "no_stream" || expected === 0) {
      return sql`insert into streams (stream_id, version) values (${stream}, ${count})
        on conflict (stream_id) do nothing returning version`;
    }
    return sql`update streams set version = ${expected + count}
      where stream_id = ${stream} and version = ${expected} returning version`;
  }

  /**
   * One statement (so one round trip and an implicit transaction): claim the stream's versions, take the position
   * lock, insert the events numbered after the claimed version. No claimed row (a version conflict) inserts nothing;
   * a recorded event id fails the whole statement on its unique index. The lock is scanned before any row is produced,
   * so it is held before the first global position is drawn, and until commit.
   */
  async function write(
    stream: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult | "conflict"> {
    const count = events.length;
    const rows = JSON.stringify(
      events.map((event, ord) => ({
        ord,
        event_id: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      })),
    );
    const result = await db.execute(sql`
      with claim as (${claimStatement(stream, expected, count)}),
      position_lock as (select pg_advisory_xact_lock(${POSITION_LOCK_KEY}) from claim)
      insert into events (event_id, stream_id, stream_version, type, data, metadata, recorded_at)
      select v.event_id, ${stream}, claim.version - ${count} + 1 + v.ord, v.type, v.data, v.metadata,
        ${clock().toISOString()}::timestamptz
      from claim cross join position_lock
        cross join jsonb_to_recordset(${rows}::jsonb)
          as v(ord int, event_id uuid, type text, data jsonb, metadata jsonb)
      order by v.ord
      returning event_id, stream_version, global_position`);
    // Both drivers answer `{ rows }`; bigint positions arrive as strings from node-postgres.
    const inserted = insertedRowsSchema.parse(result).rows;
    if (inserted.length === 0) return "conflict";
    const positions = inserted
      .map((row) => ({
        eventId: row.event_id,
        streamVersion: row.stream_version,
        globalPosition: Number(row.global_position),
      }))
      .sort((a, b) => a.streamVersion - b.streamVersion);
    return ok({ nextExpectedVersion: positions[positions.length - 1]!.streamVersion, positions, duplicate: false });
  }

  return {
    async append(stream, events, options) {
      assertDistinctEventIds(events);
      const valid = validateAppend(stream, events);
      if (!valid.ok) return valid;
      const expected = options.expectedVersion;
      if (events.length === 0) {
        const actualVersion = await currentVersion(db, stream);
        if (versionMatches(expected, actualVersion))
          return ok({ nextExpectedVersion: actualVersion, positions: [], duplicate: false });
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
      return err({
        code: "stream_conflict",
        stream,
        expectedVersion: expected,
        actualVersion: await currentVersion(db, stream),
      });
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
