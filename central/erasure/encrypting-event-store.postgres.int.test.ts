import { afterAll, beforeAll, describe } from "vitest";
import { createThrowawayDatabase, detectTestPostgres, type ThrowawayDatabase } from "../../test/support/postgres.js";
import { openDatabase, type Database } from "../db/database.js";
import { describeEncryptingStoreOnDatabase } from "./encrypting-event-store.database.contract.js";

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
});
