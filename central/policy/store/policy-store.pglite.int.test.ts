import { usePgliteDatabase } from "../../../test/support/test-database.js";
import { createDrizzleEventStore } from "../../event-store/drizzle-event-store.js";
import { describePolicyStoreContract } from "./policy-store.contract.js";

const handle = usePgliteDatabase();

describePolicyStoreContract("drizzle on PGlite", () => createDrizzleEventStore(handle.database.db, () => new Date()));
