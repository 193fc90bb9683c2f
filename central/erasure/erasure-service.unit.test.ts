import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import { err, ok } from "../../shared/result.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { createScanningCustomerEventCounter } from "./customer-event-counter.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { createErasureService, type ErasureServiceDeps } from "./erasure-service.js";
import { createInMemoryCustomerKeyStore } from "./in-memory-customer-key-store.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { sampleMessage, sampleProfile, sampleRefund } from "./testing/sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

const NOW = new Date("2026-11-23T12:00:00.000Z");

/** Fake summary cache recording removals; while `state.failing`, removals answer cache_unavailable. */
function recordingFakeSummaryCache(state = { failing: false }) {
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

async function setup(overrides: Partial<ErasureServiceDeps> = {}) {
  const inner = createInMemoryEventStore(() => NOW);
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
  const service = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: createScanningCustomerEventCounter(inner, 2),
    // Recording fake: the real projections' catch-up is exercised in erasure.int.test.ts.
    rebuildCustomer: async (tenantId, customerId) => void rebuilt.push(`${tenantId}/${customerId}`),
    summaryCache: cache,
    clock: () => NOW,
    ...overrides,
  });
  return { inner, keys, eventStore, service, rebuilt, removed };
}

const request = { tenantId: "acme", customerId: "c-1", requestedBy: "admin-7", reason: "GDPR art. 17 request #42" };

describe("erasure service", () => {
  it("destroys the key, records customer.erased, rebuilds, clears the cache and reports counts", async () => {
    const { keys, eventStore, service, rebuilt, removed } = await setup();
    const result = await service.erase({ ...request, correlationId: "corr-erase" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      tenantId: "acme",
      customerId: "c-1",
      alreadyErased: false,
      keyDestroyed: true,
      erasure: { stream: "customer:acme:c-1", streamVersion: 2 },
      counts: { events: 4, eventsWithPersonalData: 3, personalFields: 5 },
      completedAt: NOW.toISOString(),
    });
    expect(await keys.get("acme", "c-1")).toBeNull();
    const [, erased] = await streamEvents(eventStore, "customer:acme:c-1");
    expect(erased).toMatchObject({
      type: "customer.erased",
      data: { customerId: "c-1", requestedBy: "admin-7", reason: request.reason },
      metadata: { tenantId: "acme", correlationId: "corr-erase", actor: { kind: "admin", id: "admin-7" } },
    });
    expect(rebuilt).toEqual(["acme/c-1"]);
    expect(removed).toEqual(["acme/c-1"]);
    const conversation = await streamEvents(eventStore, "conversation:acme:conv-1");
    expect(conversation.map((event) => event.type)).toEqual(["message.received", "action.proposed", "action.approved"]);
    expect(conversation[0]?.data.text).toBe(ERASED_TEXT);
    expect(conversation[2]?.data).toMatchObject({ amountMinor: 1250, currency: "EUR", approvedBy: "admin-1" });
  });

  it("reports alreadyErased the second time and appends nothing, but repeats the idempotent clean-up", async () => {
    const { eventStore, service, rebuilt, removed } = await setup();
    const first = await service.erase(request);
    const second = await service.erase(request);
    expect(second.ok && second.value).toMatchObject({ alreadyErased: true, keyDestroyed: false });
    expect(second.ok && second.value.erasure).toEqual(first.ok && first.value.erasure);
    expect(await eventStore.streamVersion("customer:acme:c-1")).toBe(2);
    expect(rebuilt).toHaveLength(2);
    expect(removed).toHaveLength(2);
  });

  it("records one erasure when two requests race", async () => {
    const { eventStore, service } = await setup();
    const results = await Promise.all([service.erase(request), service.erase(request), service.erase(request)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.filter((result) => result.ok && !result.value.alreadyErased)).toHaveLength(1);
    const erasures = (await streamEvents(eventStore, "customer:acme:c-1")).filter(
      (event) => event.type === "customer.erased",
    );
    expect(erasures).toHaveLength(1);
  });

  it("erases a customer who came back after an erasure (new key) once more", async () => {
    const { eventStore, service } = await setup();
    await service.erase(request);
    await eventStore.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], { expectedVersion: "any" });
    const again = await service.erase(request);
    expect(again.ok && again.value).toMatchObject({
      alreadyErased: false,
      keyDestroyed: true,
      erasure: { streamVersion: 3 },
    });
    const texts = (await streamEvents(eventStore, "conversation:acme:conv-1")).map((event) => event.data.text);
    expect(texts.filter((text) => typeof text === "string" && text !== ERASED_TEXT)).toEqual([]);
  });

  it("erases a customer with no key and no events, recording the request", async () => {
    const { service } = await setup();
    const result = await service.erase({ ...request, customerId: "c-unknown" });
    expect(result.ok && result.value).toMatchObject({
      alreadyErased: false,
      keyDestroyed: false,
      counts: { events: 0 },
    });
  });

  it("reports an unreachable summary cache as an incomplete erasure that a retry finishes", async () => {
    const state = { failing: true };
    const flaky = recordingFakeSummaryCache(state);
    const { keys, service } = await setup({ summaryCache: flaky.cache });
    const result = await service.erase(request);
    expect(!result.ok && result.error).toMatchObject({ code: "erasure_incomplete", step: "summary_cache" });
    expect(await keys.get("acme", "c-1")).toBeNull();
    state.failing = false;
    const retry = await service.erase(request);
    expect(retry.ok && retry.value.alreadyErased).toBe(true);
    expect(flaky.removed).toEqual(["acme/c-1"]);
  });
});
