import { randomBytes } from "node:crypto";
import type { CustomerSummary } from "../../../shared/customer-summary.js";
import { err, ok } from "../../../shared/result.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import type { SummaryCache } from "../../summary-cache/summary-cache.js";
import { createScanningCustomerEventCounter } from "../customer-event-counter.js";
import { createEncryptingEventStore } from "../encrypting-event-store.js";
import { createErasureService, type ErasureService, type ErasureServiceDeps } from "../erasure-service.js";
import { createInMemoryCustomerKeyStore } from "../in-memory-customer-key-store.js";
import { sampleMessage, sampleProfile, sampleRefund } from "./sample-events.js";

/** The instant the harness clock returns. */
export const ERASURE_NOW = new Date("2026-11-23T12:00:00.000Z");

/** The erasure request the harness's tests make: customer c-1 of tenant acme. */
export const ERASURE_REQUEST = {
  tenantId: "acme",
  customerId: "c-1",
  requestedBy: "admin-7",
  reason: "GDPR art. 17 request #42",
};

/** Fake summary cache recording removals; while `state.failing`, removals answer cache_unavailable. */
export function recordingFakeSummaryCache(state = { failing: false }) {
  const removed: string[] = [];
  const cache: SummaryCache = {
    publish: async () => ok({ stored: true }),
    read: async () => ok(null as CustomerSummary | null),
    remove: async (tenantId, customerId) => {
      if (state.failing) return err({ code: "cache_unavailable", message: "connection refused" });
      removed.push(`${tenantId}/${customerId}`);
      return ok(undefined);
    },
  };
  return { cache, removed };
}

/**
 * In-memory stores holding customer c-1's profile, a message and an approved refund (4 events, 5 personal fields),
 * and `serviceWith(overrides)`: an erasure service over them, with some dependencies replaced (e.g. failing ones).
 */
export async function createErasureHarness() {
  const inner = createInMemoryEventStore(() => ERASURE_NOW);
  const keys = createInMemoryCustomerKeyStore(randomBytes(32));
  const eventStore = createEncryptingEventStore(inner, keys);
  await eventStore.append("customer:acme:c-1", [sampleProfile("c-1")], { expectedVersion: "no_stream" });
  await eventStore.append(
    "conversation:acme:conv-1",
    [sampleMessage("c-1", "conv-1"), ...sampleRefund("c-1", "conv-1")],
    { expectedVersion: "no_stream" },
  );
  const rebuilt: string[] = [];
  const { cache, removed } = recordingFakeSummaryCache();
  const deps: ErasureServiceDeps = {
    eventStore,
    keys,
    countCustomerEvents: createScanningCustomerEventCounter(inner, 2),
    // Recording fake: the real projections' catch-up is exercised in erasure.int.test.ts.
    rebuildCustomer: async (tenantId, customerId) => void rebuilt.push(`${tenantId}/${customerId}`),
    summaryCache: cache,
    clock: () => ERASURE_NOW,
  };
  const serviceWith = (overrides: Partial<ErasureServiceDeps> = {}): ErasureService =>
    createErasureService({ ...deps, ...overrides });
  return { inner, keys, eventStore, deps, serviceWith, rebuilt, removed };
}
