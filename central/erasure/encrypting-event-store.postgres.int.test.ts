import { randomBytes } from "node:crypto";
import { beforeEach, describe } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import { describeEventStoreContract } from "../event-store/event-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import {
  ADAPTER_ONLY_CONTRACT_CASE,
  describeEncryptingStoreOnDatabase,
} from "./encrypting-event-store.database.contract.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";

// See encrypting-event-store.contract.unit.test.ts: one contract case is about adapters storing ciphertext.
beforeEach((context) => {
  if (ADAPTER_ONLY_CONTRACT_CASE.test(context.task.name)) context.skip();
});

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("encrypting event store on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);

  describeEncryptingStoreOnDatabase("PostgreSQL", () => handle.database);
  describeEventStoreContract("encrypting decorator over drizzle on PostgreSQL", (clock) =>
    createEncryptingEventStore(
      createDrizzleEventStore(handle.database.db, clock),
      createDrizzleCustomerKeyStore(handle.database.db, randomBytes(32)),
    ),
  );
});
