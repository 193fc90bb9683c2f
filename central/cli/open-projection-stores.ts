import type { CentralConfig } from "../config.js";
import type { DatabaseKind } from "../db/database.js";
import { createEncryptedEventLog } from "../erasure/erasure-wiring.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleProjectionStorage } from "../projections/drizzle-projection-storage.js";
import type { ProjectionStorage } from "../projections/projection-storage.js";
import { openConfiguredDatabase } from "../open-configured-database.js";

/** The configured database with what projections read and write, for a command run beside the server. */
export interface ProjectionStores {
  kind: DatabaseKind;
  /** The decrypting store, as the live projections read it (personal fields readable, or erased). */
  eventStore: EventStore;
  storage: ProjectionStorage;
  close(): Promise<void>;
}

/** Opens (and migrates) the configured database and wires the stores projections use. */
export async function openProjectionStores(
  config: CentralConfig,
  log: (line: string) => void,
): Promise<ProjectionStores> {
  return openConfiguredDatabase(config, log, ({ database, masterKey, clock }) => ({
    kind: database.kind,
    eventStore: createEncryptedEventLog({ db: database.db, masterKey, clock }).eventStore,
    storage: createDrizzleProjectionStorage(database.db),
    close: () => database.close(),
  }));
}
