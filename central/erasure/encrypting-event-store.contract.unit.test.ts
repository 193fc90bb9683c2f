import { randomBytes } from "node:crypto";
import { beforeEach } from "vitest";
import { describeEventStoreContract } from "../event-store/event-store.contract.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { ADAPTER_ONLY_CONTRACT_CASE } from "./encrypting-event-store.database.contract.js";
import { createInMemoryCustomerKeyStore } from "./in-memory-customer-key-store.js";

// The one contract case the decorator must not pass checks that an adapter stores personal fields as opaque text
// longer than their plaintext limits (ciphertext). The decorator receives plaintext, so it enforces those limits
// (see plaintext-validation.ts); the inner adapters pass that case in their own contract runs.
beforeEach((context) => {
  if (ADAPTER_ONLY_CONTRACT_CASE.test(context.task.name)) context.skip();
});

describeEventStoreContract("encrypting decorator over in-memory", (clock) =>
  createEncryptingEventStore(createInMemoryEventStore(clock), createInMemoryCustomerKeyStore(randomBytes(32))),
);
