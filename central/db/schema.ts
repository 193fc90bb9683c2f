import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { EventMetadata } from "../../shared/event-envelope.js";

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
