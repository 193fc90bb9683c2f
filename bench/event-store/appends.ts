import type { Db } from "../../central/db/database.js";
import { events as eventsTable } from "../../central/db/schema.js";
import type { EventStore } from "../../central/event-store/event-store.js";
import { round } from "../load.js";
import { benchMessageEvent } from "./fixtures.js";

/** Append throughput through the EventStore and through raw drizzle inserts of the same rows, same database. */
export interface AppendFigures {
  store_single_per_s: number;
  raw_single_per_s: number;
  store_batched_per_s: number;
  raw_batched_per_s: number;
  ratio_single: number;
  ratio_batched: number;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/**
 * Measures `singles` one-event appends and `batches` × `batchSize`-event appends, each side by side with raw inserts.
 */
export async function measureAppends(options: {
  label: string;
  store: EventStore;
  db: Db;
  singles: number;
  batches: number;
  batchSize: number;
  progress: (message: string) => void;
}): Promise<AppendFigures> {
  const { store, db, singles, batches, batchSize, label, progress } = options;
  const tenant = "bench";
  const run = `${label}-${Date.now().toString(36)}`;

  const rawRow = (stream: string, version: number, event: ReturnType<typeof benchMessageEvent>) => ({
    eventId: event.eventId,
    streamId: stream,
    streamVersion: version,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

  progress(`${label}: ${singles} single appends through the EventStore …`);
  const storeSingle = await timed(async () => {
    for (let i = 0; i < singles; i++) {
      const stream = `conversation:${tenant}:${run}-s${i}`;
      const result = await store.append(stream, [benchMessageEvent(tenant, `${run}-s${i}`, 0)], {
        expectedVersion: "no_stream",
      });
      if (!result.ok) throw new Error(`append failed: ${result.error.code}`);
    }
  });
  progress(`${label}: ${singles} single raw inserts …`);
  const rawSingle = await timed(async () => {
    for (let i = 0; i < singles; i++) {
      const stream = `conversation:${tenant}:${run}-r${i}`;
      await db.insert(eventsTable).values(rawRow(stream, 1, benchMessageEvent(tenant, `${run}-r${i}`, 0)));
    }
  });

  progress(`${label}: ${batches} × ${batchSize}-event appends through the EventStore …`);
  const storeBatched = await timed(async () => {
    for (let b = 0; b < batches; b++) {
      const conversation = `${run}-sb${b}`;
      const batch = Array.from({ length: batchSize }, (_, i) => benchMessageEvent(tenant, conversation, i));
      const result = await store.append(`conversation:${tenant}:${conversation}`, batch, {
        expectedVersion: "no_stream",
      });
      if (!result.ok) throw new Error(`append failed: ${result.error.code}`);
    }
  });
  progress(`${label}: ${batches} × ${batchSize}-row raw inserts …`);
  const rawBatched = await timed(async () => {
    for (let b = 0; b < batches; b++) {
      const conversation = `${run}-rb${b}`;
      const stream = `conversation:${tenant}:${conversation}`;
      await db
        .insert(eventsTable)
        .values(
          Array.from({ length: batchSize }, (_, i) =>
            rawRow(stream, i + 1, benchMessageEvent(tenant, conversation, i)),
          ),
        );
    }
  });

  const batchedEvents = batches * batchSize;
  const figures = {
    store_single_per_s: round(singles / storeSingle),
    raw_single_per_s: round(singles / rawSingle),
    store_batched_per_s: round(batchedEvents / storeBatched),
    raw_batched_per_s: round(batchedEvents / rawBatched),
    ratio_single: round(rawSingle / storeSingle),
    ratio_batched: round(rawBatched / storeBatched),
  };
  progress(`${label}: ${JSON.stringify(figures)}`);
  return figures;
}
