import { beforeAll } from "vitest";
import type { Database } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import { createDrizzleSnapshotStore } from "../snapshots/drizzle-snapshot-store.js";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import { createDrizzleProjectionStorage } from "./drizzle-projection-storage.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { describeProjectionStorageContract } from "./projection-storage.contract.js";
import { describeProjectionsContract } from "./projections.contract.js";

/**
 * The projection storage and projections contracts over the drizzle stores on a real database (PGlite or PostgreSQL).
 */
export function describeProjectionsOnDatabase(label: string, database: () => Database): void {
  let eventStore: EventStore;
  let storage: ProjectionStorage;
  let snapshots: SnapshotStore;

  beforeAll(() => {
    eventStore = createDrizzleEventStore(database().db, () => new Date());
    storage = createDrizzleProjectionStorage(database().db);
    snapshots = createDrizzleSnapshotStore(database().db);
  });

  describeProjectionStorageContract(label, () => ({ storage, snapshots }));
  describeProjectionsContract(label, () => ({ eventStore, storage, snapshots }));
}
