import { afterAll, beforeAll, describe } from "vitest";
import { createThrowawayDatabase, detectTestPostgres, type ThrowawayDatabase } from "../../test/support/postgres.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleSnapshotStore } from "../snapshots/drizzle-snapshot-store.js";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import { createDrizzleProjectionStorage } from "./drizzle-projection-storage.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { describeProjectionStorageContract } from "./projection-storage.contract.js";
import { describeProjectionsContract } from "./projections.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("projections on PostgreSQL", () => {
  let throwaway: ThrowawayDatabase;
  let database: Database;
  let eventStore: EventStore;
  let storage: ProjectionStorage;
  let snapshots: SnapshotStore;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(postgres.url);
    database = await openDatabase({ databaseUrl: throwaway.url, dataDir: "unused" });
    eventStore = createDrizzleEventStore(database.db, () => new Date());
    storage = createDrizzleProjectionStorage(database.db);
    snapshots = createDrizzleSnapshotStore(database.db);
  });

  afterAll(async () => {
    await database?.close();
    await throwaway?.drop();
  });

  describeProjectionStorageContract("drizzle on PostgreSQL", () => ({ storage, snapshots }));
  describeProjectionsContract("drizzle on PostgreSQL", () => ({ eventStore, storage, snapshots }));
});
