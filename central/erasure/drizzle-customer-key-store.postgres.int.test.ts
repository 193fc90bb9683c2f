import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThrowawayDatabase, detectTestPostgres, type ThrowawayDatabase } from "../../test/support/postgres.js";
import { openDatabase, type Database } from "../db/database.js";
import { describeCustomerKeyStoreContract } from "./customer-key-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";

const postgres = await detectTestPostgres();
const masterKey = randomBytes(32);

describe.skipIf(!postgres.reachable)("drizzle customer key store on PostgreSQL", () => {
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

  describeCustomerKeyStoreContract("drizzle on PostgreSQL", () => createDrizzleCustomerKeyStore(database.db, masterKey));

  it("ends 20 creators racing over several connections (two store instances) with one key", async () => {
    const [a, b] = [createDrizzleCustomerKeyStore(database.db, masterKey), createDrizzleCustomerKeyStore(database.db, masterKey)];
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? a : b).getOrCreate("acme", "c-race")));
    expect(new Set(results.map((result) => result.keyId)).size).toBe(1);
  });
});
