import { randomBytes } from "node:crypto";
import { beforeEach } from "vitest";
import { usePgliteDatabase } from "../../test/support/test-database.js";
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

const handle = usePgliteDatabase();

describeEncryptingStoreOnDatabase("PGlite", () => handle.database);
describeEventStoreContract("encrypting decorator over drizzle on PGlite", (clock) =>
  createEncryptingEventStore(
    createDrizzleEventStore(handle.database.db, clock),
    createDrizzleCustomerKeyStore(handle.database.db, randomBytes(32)),
  ),
);
