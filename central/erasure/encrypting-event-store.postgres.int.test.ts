import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { createThrowawayDatabase, detectTestPostgres, type ThrowawayDatabase } from "../../test/support/postgres.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import { describeEventStoreContract } from "../event-store/event-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { ADAPTER_ONLY_CONTRACT_CASE, describeEncryptingStoreOnDatabase } from "./encrypting-event-store.database.contract.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";

// See encrypting-event-store.contract.unit.test.ts: one contract case is about adapters storing ciphertext.
beforeEach((context) => {
  if (ADAPTER_ONLY_CONTRACT_CASE.test(context.task.name)) context.skip();
});

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("encrypting event store on PostgreSQL", () => {
  let throwaway: ThrowawayDatabase;
  let database: Database;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(postgres.url);
    database = await openDatabase({ databaseUrl: throwaway.url, dataDir: "unused" });
  });

  afterAll(async () => {
    await database?.close();
    await throwaway?.drop();
  });

  describeEncryptingStoreOnDatabase("PostgreSQL", () => database);
  describeEventStoreContract("encrypting decorator over drizzle on PostgreSQL", (clock) =>
    createEncryptingEventStore(createDrizzleEventStore(database.db, clock), createDrizzleCustomerKeyStore(database.db, randomBytes(32))),
  );
});
