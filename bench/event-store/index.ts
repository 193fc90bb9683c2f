import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../central/db/database.js";
import { createDrizzleEventStore } from "../../central/event-store/drizzle-event-store.js";
import { createThrowawayDatabase, detectTestPostgres } from "../../test/support/postgres.js";
import { numberArg } from "../bench-args.js";
import type { Benchmark, Metrics } from "../benchmark.js";
import { measureAppends } from "./appends.js";
import { measureReplay } from "./replay.js";

/** `event-store`: append and replay throughput of the EventStore vs raw drizzle inserts / a raw SELECT scan. */
const eventStoreBench: Benchmark = {
  description:
    "EventStore appends/s (single, batched) vs raw drizzle inserts of the same rows, " +
    "and projection replay events/s vs a raw SELECT scan, on PGlite and PostgreSQL (TEST_DATABASE_URL); " +
    "options --singles=N --batches=N --batch-size=N --replay-events=N",
  async run({ progress, args }) {
    const singles = numberArg(args, "singles", 2_000);
    const batches = numberArg(args, "batches", 100);
    const batchSize = numberArg(args, "batch-size", 100);
    const replayEvents = numberArg(args, "replay-events", 100_000);
    const clock = () => new Date();
    const metrics: Metrics = { singles, batches, batch_size: batchSize, replay_events: replayEvents };

    const measure = async (label: "pglite" | "postgres", database: Database) => {
      const store = createDrizzleEventStore(database.db, clock);
      const appends = await measureAppends({ label, store, db: database.db, singles, batches, batchSize, progress });
      const replay = await measureReplay({ label, database, store, events: replayEvents, progress });
      metrics[label] = { ...appends, ...replay };
    };

    const dataDir = await mkdtemp(join(tmpdir(), "frontdesk-bench-es-"));
    try {
      const pglite = await openDatabase({ dataDir });
      try {
        await measure("pglite", pglite);
      } finally {
        await pglite.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }

    const server = await detectTestPostgres();
    if (!server.reachable) {
      progress(`PostgreSQL skipped: ${server.skipReason}`);
      metrics.postgres = null;
      return metrics;
    }
    const throwaway = await createThrowawayDatabase(server.url);
    try {
      const postgres = await openDatabase({ databaseUrl: throwaway.url, dataDir });
      try {
        await measure("postgres", postgres);
      } finally {
        await postgres.close();
      }
    } finally {
      await throwaway.drop();
    }
    return metrics;
  },
};

export default eventStoreBench;
