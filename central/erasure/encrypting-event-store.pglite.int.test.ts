import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
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

let database: Database;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  database = await openDatabase({ dataDir: dir.path });
});

afterAll(async () => {
  await database?.close();
  await removeDir?.();
});

describeEncryptingStoreOnDatabase("PGlite", () => database);
describeEventStoreContract("encrypting decorator over drizzle on PGlite", (clock) =>
  createEncryptingEventStore(createDrizzleEventStore(database.db, clock), createDrizzleCustomerKeyStore(database.db, randomBytes(32))),
);
