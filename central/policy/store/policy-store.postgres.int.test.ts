import { describe } from "vitest";
import { detectTestPostgres } from "../../../test/support/postgres.js";
import { usePostgresDatabase } from "../../../test/support/test-database.js";
import { createDrizzleEventStore } from "../../event-store/drizzle-event-store.js";
import { describePolicyStoreContract } from "./policy-store.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("policy store on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);
  describePolicyStoreContract("drizzle on PostgreSQL", () =>
    createDrizzleEventStore(handle.database.db, () => new Date()),
  );
});
