import type { Db } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { createDrizzleCustomerEventCounter } from "./customer-event-counter.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { createErasureService, type ErasureService } from "./erasure-service.js";

/** Refolds one customer's projections from the log (in practice: catch every projection up to the log's end). */
export type RebuildCustomer = (tenantId: string, customerId: string) => Promise<void>;

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
 * The drizzle key store and the encrypting decorator over the drizzle event store: a composition root calls this once.
 */
export function createEncryptedEventLog(deps: EncryptedEventLogDeps): EncryptedEventLog {
  const keys = createDrizzleCustomerKeyStore(deps.db, deps.masterKey, deps.clock);
  return {
    keys,
    eventStore: createEncryptingEventStore(deps.inner ?? createDrizzleEventStore(deps.db, deps.clock), keys),
  };
}

/** What {@link wireErasure} builds on. */
export interface ErasureWiringDeps extends EncryptedEventLogDeps {
  summaryCache: SummaryCache;
  /** Called with the encrypting store, so projections read decrypted (or erased) events. */
  createRebuildCustomer(eventStore: EventStore): RebuildCustomer;
}

/** The encrypted event log plus the erasure service over it (SQL counter on `db`). */
export interface ErasureWiring extends EncryptedEventLog {
  erasure: ErasureService;
}

/** Wires crypto-shredding over a database in one call (the CLI; the server may use the two steps instead). */
export function wireErasure(deps: ErasureWiringDeps): ErasureWiring {
  const { keys, eventStore } = createEncryptedEventLog(deps);
  const erasure = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: createDrizzleCustomerEventCounter(deps.db),
    rebuildCustomer: deps.createRebuildCustomer(eventStore),
    summaryCache: deps.summaryCache,
    clock: deps.clock,
  });
  return { keys, eventStore, erasure };
}
