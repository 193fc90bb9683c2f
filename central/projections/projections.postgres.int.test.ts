import { beforeAll, describe } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
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
  const handle = usePostgresDatabase(postgres.url);
  let eventStore: EventStore;
  let storage: ProjectionStorage;
  let snapshots: SnapshotStore;

  beforeAll(() => {
    eventStore = createDrizzleEventStore(handle.database.db, () => new Date());
    storage = createDrizzleProjectionStorage(handle.database.db);
    snapshots = createDrizzleSnapshotStore(handle.database.db);
  });

  describeProjectionStorageContract("drizzle on PostgreSQL", () => ({ storage, snapshots }));
  describeProjectionsContract("drizzle on PostgreSQL", () => ({ eventStore, storage, snapshots }));
});
