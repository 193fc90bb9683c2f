import type { CentralConfig } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { resolveMasterKey } from "./erasure/master-key.js";
import type { Clock } from "./clock.js";

/** The configured database, open and migrated, with the master key and the clock the stores are wired with. */
export interface ConfiguredDatabase {
  database: Database;
  /** The master key from `resolveMasterKey` (ENCRYPTION_MASTER_KEY or `<data dir>/master.key`). */
  masterKey: Buffer;
  clock: Clock;
}

/**
 * Opens (and migrates) the configured database and resolves the master key — for the server and for commands run
 * beside it — then lets `wire` build the stores over them; the database is closed again when either step fails.
 */
export async function openConfiguredDatabase<T>(
  config: CentralConfig,
  log: (line: string) => void,
  wire: (opened: ConfiguredDatabase) => T | Promise<T>,
): Promise<T> {
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  try {
    const master = await resolveMasterKey({
      configured: config.encryptionMasterKey,
      dataDir: config.dataDir,
      kind: database.kind,
      log,
    });
    if (!master.ok) throw new Error(master.error.message);
    return await wire({ database, masterKey: master.value.key, clock: () => new Date() });
  } catch (error) {
    await database.close();
    throw error;
  }
}
