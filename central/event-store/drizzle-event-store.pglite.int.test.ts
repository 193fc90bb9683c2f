import { usePgliteDatabase } from "../../test/support/test-database.js";
import { createDrizzleEventStore } from "./drizzle-event-store.js";
import { describeEventStoreContract } from "./event-store.contract.js";

const handle = usePgliteDatabase();

describeEventStoreContract("drizzle on PGlite", (clock) => createDrizzleEventStore(handle.database.db, clock));
