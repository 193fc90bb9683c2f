import type { Db } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";

/** The encrypting event store everything must use, and the key store under it. */
export interface EncryptedEventLog {
  keys: CustomerKeyStore;
  /** The store to hand to turns, projections, admin routes: personal fields encrypted on append, decrypted on read. */
  eventStore: EventStore;
}

/** What {@link createEncryptedEventLog} builds on. */
export interface EncryptedEventLogDeps {
  db: Db;
  /** The master key from `resolveMasterKey`. */
  masterKey: Buffer;
  clock: Clock;
  /** The undecorated store (default: the drizzle store on `db`). */
  inner?: EventStore;
}

/**
 * The drizzle key store and the encrypting decorator over the drizzle event store: central's wiring calls this once.
 */
export function createEncryptedEventLog(deps: EncryptedEventLogDeps): EncryptedEventLog {
  const keys = createDrizzleCustomerKeyStore(deps.db, deps.masterKey, deps.clock);
  return {
    keys,
    eventStore: createEncryptingEventStore(deps.inner ?? createDrizzleEventStore(deps.db, deps.clock), keys),
  };
}
