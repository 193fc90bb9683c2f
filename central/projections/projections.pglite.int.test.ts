import { afterAll, beforeAll } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleSnapshotStore } from "../snapshots/drizzle-snapshot-store.js";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import { createDrizzleProjectionStorage } from "./drizzle-projection-storage.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { describeProjectionStorageContract } from "./projection-storage.contract.js";
import { describeProjectionsContract } from "./projections.contract.js";

let database: Database;
let removeDir: () => Promise<void>;
let eventStore: EventStore;
let storage: ProjectionStorage;
let snapshots: SnapshotStore;

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  database = await openDatabase({ dataDir: dir.path });
  eventStore = createDrizzleEventStore(database.db, () => new Date());
  storage = createDrizzleProjectionStorage(database.db);
  snapshots = createDrizzleSnapshotStore(database.db);
});

afterAll(async () => {
  await database?.close();
  await removeDir?.();
});

describeProjectionStorageContract("drizzle on PGlite", () => ({ storage, snapshots }));
describeProjectionsContract("drizzle on PGlite", () => ({ eventStore, storage, snapshots }));
