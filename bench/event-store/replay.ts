import { asc, gt } from "drizzle-orm";
import type { Database } from "../../central/db/database.js";
import { events as eventsTable } from "../../central/db/schema.js";
import type { EventStore } from "../../central/event-store/event-store.js";
import { createDrizzleProjectionStorage } from "../../central/projections/drizzle-projection-storage.js";
import { rebuildNamedProjection } from "../../central/projections/projection-registry.js";
import { round } from "../load.js";
import { benchMessageEvent } from "./fixtures.js";

const PAGE = 5_000;

/** Replay throughput: a raw paged SELECT scan, the EventStore's readAll, and a projection rebuild, same rows. */
export async function measureReplay(options: {
  label: string;
  database: Database;
  store: EventStore;
  events: number;
  progress: (message: string) => void;
}): Promise<Record<string, number>> {
  const { label, database, store, events, progress } = options;
  progress(`${label}: seeding ${events} events for the replay …`);
  const perConversation = 50;
  for (let written = 0, c = 0; written < events; c++) {
    const count = Math.min(perConversation, events - written);
    const conversation = `replay-${c}`;
    const batch = Array.from({ length: count }, (_, i) => benchMessageEvent("bench", conversation, i));
    const result = await store.append(`conversation:bench:${conversation}`, batch, { expectedVersion: "any" });
    if (!result.ok) throw new Error(`seeding failed: ${result.error.code}`);
    written += count;
  }
  const total = await store.headPosition();

  progress(`${label}: raw SELECT scan of ${total} rows …`);
  let started = performance.now();
  let scanned = 0;
  for (let after = 0; ;) {
    const rows = await database.db
      .select()
      .from(eventsTable)
      .where(gt(eventsTable.globalPosition, after))
      .orderBy(asc(eventsTable.globalPosition))
      .limit(PAGE);
    if (rows.length === 0) break;
    scanned += rows.length;
    after = rows[rows.length - 1]!.globalPosition;
  }
  const rawSeconds = (performance.now() - started) / 1000;

  progress(`${label}: EventStore.readAll scan …`);
  started = performance.now();
  let read = 0;
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1]!.globalPosition;
  }
  const readAllSeconds = (performance.now() - started) / 1000;

  const storage = createDrizzleProjectionStorage(database.db);
  const rebuilds: Record<string, number> = {};
  for (const name of ["customer-summary", "conversation-state"] as const) {
    progress(`${label}: rebuilding ${name} from position 0 …`);
    const result = await rebuildNamedProjection(name, { eventStore: store, storage });
    if (result.events !== scanned) throw new Error(`${name} folded ${result.events} events, the log has ${scanned}`);
    rebuilds[`replay_${name.replace("-", "_")}_per_s`] = round(result.eventsPerSecond);
    rebuilds[`ratio_replay_${name.replace("-", "_")}_to_raw`] = round(result.eventsPerSecond / (scanned / rawSeconds));
  }

  const figures = {
    log_rows: scanned,
    raw_scan_per_s: round(scanned / rawSeconds),
    read_all_per_s: round(read / readAllSeconds),
    ratio_read_all_to_raw: round(rawSeconds / readAllSeconds),
    ...rebuilds,
  };
  progress(`${label}: ${JSON.stringify(figures)}`);
  return figures;
}
