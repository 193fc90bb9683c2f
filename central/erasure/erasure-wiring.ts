import type { Db } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { Clock, EventStore } from "../event-store/event-store.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { createDrizzleCustomerEventCounter } from "./customer-event-counter.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { createErasureService, type ErasureService } from "./erasure-service.js";

/** Refolds one customer's projections from the log (the projections' rebuild, scoped to that customer). */
export type RebuildCustomer = (tenantId: string, customerId: string) => Promise<void>;

/** What {@link wireErasure} builds on. */
export interface ErasureWiringDeps {
  db: Db;
  /** The master key from {@link resolveMasterKey}. */
  masterKey: Buffer;
  clock: Clock;
  summaryCache: SummaryCache;
  /** Called with the encrypting store, so projections read decrypted (or erased) events. */
  createRebuildCustomer(eventStore: EventStore): RebuildCustomer;
  /** The undecorated store (default: the drizzle store on `db`). */
  inner?: EventStore;
}

/** The encrypting event store everything else must use, the key store and the erasure service, wired together. */
export interface ErasureWiring {
  keys: CustomerKeyStore;
  eventStore: EventStore;
  erasure: ErasureService;
}

/** Wires crypto-shredding over a database: composition roots (server, CLI) call this once. */
export function wireErasure(deps: ErasureWiringDeps): ErasureWiring {
  const keys = createDrizzleCustomerKeyStore(deps.db, deps.masterKey, deps.clock);
  const eventStore = createEncryptingEventStore(deps.inner ?? createDrizzleEventStore(deps.db, deps.clock), keys);
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
