import type { CentralConfig } from "../config.js";
import { openDatabase, type DatabaseKind } from "../db/database.js";
import { createDrizzleCustomerKeyStore } from "../erasure/drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "../erasure/encrypting-event-store.js";
import { resolveMasterKey } from "../erasure/master-key.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleProjectionStorage } from "../projections/drizzle-projection-storage.js";
import type { ProjectionStorage } from "../projections/projection-storage.js";

/** The configured database with what projections read and write, for a command run beside the server. */
export interface ProjectionStores {
  kind: DatabaseKind;
  /** The decrypting store, as the live projections read it (personal fields readable, or erased). */
  eventStore: EventStore;
  storage: ProjectionStorage;
  close(): Promise<void>;
}

/** Opens (and migrates) the configured database and wires the stores projections use. */
export async function openProjectionStores(config: CentralConfig, log: (line: string) => void): Promise<ProjectionStores> {
  const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
  try {
    const master = await resolveMasterKey({ configured: config.encryptionMasterKey, dataDir: config.dataDir, kind: database.kind, log });
    if (!master.ok) throw new Error(master.error.message);
    const clock = () => new Date();
    const keys = createDrizzleCustomerKeyStore(database.db, master.value.key, clock);
    return {
      kind: database.kind,
      eventStore: createEncryptingEventStore(createDrizzleEventStore(database.db, clock), keys),
      storage: createDrizzleProjectionStorage(database.db),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
