import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { EventMetadata } from "../../shared/event-envelope.js";

/** PostgreSQL's 64-bit transaction id type, read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** The append-only event log: one row per event, never updated or deleted. */
export const events = pgTable(
  "events",
  {
    globalPosition: bigint("global_position", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid("event_id").notNull().unique("events_event_id_unique"),
    streamId: text("stream_id").notNull(),
    streamVersion: integer("stream_version").notNull(),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    metadata: jsonb("metadata").$type<EventMetadata>().notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Writing transaction: readers of the global order only see positions whose transactions can no longer
     * be overtaken by an older, still-open one (`tx_id < pg_snapshot_xmin(pg_current_snapshot())`). */
    txId: xid8("tx_id")
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (table) => [
    unique("events_stream_version_unique").on(table.streamId, table.streamVersion),
    index("events_stream_id_idx").on(table.streamId),
  ],
);

/** One row per stream holding its current version: the row optimistic concurrency locks and bumps. */
export const streams = pgTable("streams", {
  streamId: text("stream_id").primaryKey(),
  version: integer("version").notNull(),
});

/** How far each projection has read the global log (last global position applied). */
export const projectionCheckpoints = pgTable("projection_checkpoints", {
  projection: text("projection").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Latest snapshot of a stream's folded state, so loading it reads only the events after `version`. */
export const snapshots = pgTable(
  "snapshots",
  {
    streamId: text("stream_id").notNull(),
    /** Which fold produced it, with its schema version, e.g. `conversation-state@1`. */
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.streamId, table.kind] })],
);

/** Projection: one customer summary per (tenant, customer). */
export const customerSummaries = pgTable(
  "customer_summaries",
  {
    tenantId: text("tenant_id").notNull(),
    customerId: text("customer_id").notNull(),
    /** Global position of the last event folded in. */
    version: bigint("version", { mode: "number" }).notNull(),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.customerId] }),
    /** The summary-cache publisher reads summaries changed since its checkpoint, by version. */
    index("customer_summaries_version_idx").on(table.version),
  ],
);

/** Projection: one state row per conversation. */
export const conversationStates = pgTable(
  "conversation_states",
  {
    tenantId: text("tenant_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    /** Global position of the last event folded in. */
    version: bigint("version", { mode: "number" }).notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.conversationId] })],
);

/** Per-customer data keys (wrapped by the master key). Deleting a row crypto-shreds that customer's personal fields;
 * this is the one documented, audited exception to "nothing is deleted" (it holds keys, not events). */
export const customerKeys = pgTable(
  "customer_keys",
  {
    tenantId: text("tenant_id").notNull(),
    customerId: text("customer_id").notNull(),
    wrappedKey: text("wrapped_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.customerId] })],
);
