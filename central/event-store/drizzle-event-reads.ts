import { and, asc, desc, eq, gt, gte, lte, sql } from "drizzle-orm";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import { ok } from "../../shared/result.js";
import type { Db } from "../db/database.js";
import { events as eventsTable, streams } from "../db/schema.js";
import { DEFAULT_READ_ALL_LIMIT, isUuid, streamWindow, type EventStore } from "./event-store.js";

/** Something that runs drizzle selects: the database or a transaction. */
export type Reader = Pick<Db, "select">;

/**
 * Only transactions older than every still-open one: their events can no longer be overtaken by a lower position
 * committing later (see {@link createDrizzleEventReads}). One InitPlan, evaluated once per statement.
 */
const SETTLED = sql`${eventsTable.txId} < (select pg_snapshot_xmin(pg_current_snapshot()))`;

const columns = {
  eventId: eventsTable.eventId,
  type: eventsTable.type,
  data: eventsTable.data,
  metadata: eventsTable.metadata,
  streamId: eventsTable.streamId,
  streamVersion: eventsTable.streamVersion,
  globalPosition: eventsTable.globalPosition,
  recordedAt: eventsTable.recordedAt,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] };

function toEnvelope(row: Row): EventEnvelope {
  return {
    eventId: row.eventId,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    stream: row.streamId,
    streamVersion: row.streamVersion,
    globalPosition: row.globalPosition,
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A stream's current version (0 when absent). */
export async function currentVersion(reader: Reader, stream: string): Promise<number> {
  const [row] = await reader.select({ version: streams.version }).from(streams).where(eq(streams.streamId, stream));
  return row?.version ?? 0;
}

/**
 * The read side of the drizzle event store. The global order is safe for subscribers in two ways: appends allocate
 * positions under a transaction-level advisory lock held until commit (so positions become visible in order), and
 * `readAll` only returns events written by transactions older than the oldest one still open (`tx_id <
 * pg_snapshot_xmin(pg_current_snapshot())`), which also covers rows written without that lock.
 */
export function createDrizzleEventReads(
  db: Db,
): Pick<EventStore, "readStream" | "readAll" | "headPosition" | "readEvent" | "streamVersion"> {
  return {
    async readStream(stream, options = {}) {
      const window = streamWindow(stream, await currentVersion(db, stream), options);
      if (!window.ok) return window;
      if (!window.value) return ok([]);
      const { first, last, direction } = window.value;
      const rows = await db
        .select(columns)
        .from(eventsTable)
        .where(
          and(
            eq(eventsTable.streamId, stream),
            gte(eventsTable.streamVersion, first),
            lte(eventsTable.streamVersion, last),
          ),
        )
        .orderBy(direction === "backward" ? desc(eventsTable.streamVersion) : asc(eventsTable.streamVersion));
      return ok(rows.map(toEnvelope));
    },

    async readAll(options = {}) {
      const rows = await db
        .select(columns)
        .from(eventsTable)
        .where(and(gt(eventsTable.globalPosition, Math.max(options.after ?? 0, 0)), SETTLED))
        .orderBy(asc(eventsTable.globalPosition))
        .limit(options.limit ?? DEFAULT_READ_ALL_LIMIT);
      return rows.map(toEnvelope);
    },

    async headPosition() {
      const [row] = await db
        .select({ head: eventsTable.globalPosition })
        .from(eventsTable)
        .where(SETTLED)
        .orderBy(desc(eventsTable.globalPosition))
        .limit(1);
      return row?.head ?? 0;
    },

    async readEvent(eventId) {
      if (!isUuid(eventId)) return null;
      const [row] = await db.select(columns).from(eventsTable).where(eq(eventsTable.eventId, eventId.toLowerCase()));
      return row ? toEnvelope(row) : null;
    },

    async streamVersion(stream) {
      return currentVersion(db, stream);
    },
  };
}
