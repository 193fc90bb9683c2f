import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createInMemorySnapshotStore } from "../snapshots/in-memory-snapshot-store.js";
import { createInMemoryProjectionStorage } from "./in-memory-projection-storage.js";
import { describeProjectionStorageContract } from "./projection-storage.contract.js";
import { describeProjectionsContract } from "./projections.contract.js";

const eventStore = createInMemoryEventStore();
const storage = createInMemoryProjectionStorage();
const snapshots = createInMemorySnapshotStore();

describeProjectionStorageContract("in-memory", () => ({ storage, snapshots }));
describeProjectionsContract("in-memory", () => ({ eventStore, storage, snapshots }));
