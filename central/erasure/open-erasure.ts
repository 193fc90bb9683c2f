import type { OpenedErasure } from "../cli/erase-command.js";
import { openConfiguredDatabase } from "../open-configured-database.js";
import type { CentralConfig } from "../config.js";
import type { Db } from "../db/database.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleProjectionStorage } from "../projections/drizzle-projection-storage.js";
import { catchUpProjections } from "../projections/projection-runner.js";
import { summaryCacheFor } from "../summary-cache/configured-summary-cache.js";
import { wireErasure, type RebuildCustomer } from "./erasure-wiring.js";

/**
 * The customer rebuild of a command run beside the server: every projection caught up to the log's end (folding
 * `customer.erased` clears the summary's personal fields; the exactly-once guard makes it safe while a server runs).
 */
export function catchUpRebuild(eventStore: EventStore, db: Db): RebuildCustomer {
  const storage = createDrizzleProjectionStorage(db);
  return () => catchUpProjections({ eventStore, storage });
}

/**
 * Opens the configured database (migrating it), resolves the master key and wires the erasure service, for a
 * command run outside the server (`frontdesk erase`).
 */
export async function openErasure(config: CentralConfig, log: (line: string) => void): Promise<OpenedErasure> {
  return openConfiguredDatabase(config, log, ({ database, masterKey, clock }) => {
    const { cache, shared } = summaryCacheFor(config);
    const { erasure } = wireErasure({
      db: database.db,
      masterKey,
      clock,
      summaryCache: cache,
      createRebuildCustomer: (eventStore) => catchUpRebuild(eventStore, database.db),
    });
    const notes = shared
      ? []
      : [
          "UPSTASH_REDIS_REST_URL is unset, so the edge summary cache lives in the running server's memory: this command cannot clear it; a running server's projections publish the erased summary (no personal fields) when they read customer.erased",
        ];
    return { erasure, notes, close: () => database.close() };
  });
}
