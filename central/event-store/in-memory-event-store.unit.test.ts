import { describeEventStoreContract } from "./event-store.contract.js";
import { createInMemoryEventStore } from "./in-memory-event-store.js";

describeEventStoreContract("in-memory", (clock) => createInMemoryEventStore(clock));
