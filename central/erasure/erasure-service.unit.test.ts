import { describe, expect, it } from "vitest";
import { streamEvents } from "../../test/support/catalog-events.js";
import type { ErasureServiceDeps } from "./erasure-service.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { sampleMessage } from "./testing/sample-events.js";
import {
  createErasureHarness,
  ERASURE_NOW as NOW,
  ERASURE_REQUEST as request,
  recordingFakeSummaryCache,
} from "./testing/erasure-harness.js";

async function setup(overrides: Partial<ErasureServiceDeps> = {}) {
  const harness = await createErasureHarness();
  return { ...harness, service: harness.serviceWith(overrides) };
}

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

  it("refuses a request the log cannot record before doing anything: the key stays, nothing is recorded", async () => {
    const { keys, eventStore, service, rebuilt, removed } = await setup();
    const key = await keys.get("acme", "c-1");
    for (const bad of [
      { reason: "GDPR\u0000" },
      { requestedBy: "dpo\ud800" },
      { reason: "x".repeat(501) },
      { customerId: "not an id" },
    ]) {
      const result = await service.erase({ ...request, ...bad });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_erasure_request" } });
    }
    const nul = await service.erase({ ...request, reason: "GDPR\u0000" });
    expect(!nul.ok && nul.error).toMatchObject({ issues: [{ path: "data.reason" }] });
    expect((await keys.get("acme", "c-1"))?.keyId).toBe(key?.keyId);
    expect(await eventStore.streamVersion("customer:acme:c-1")).toBe(1);
    expect([rebuilt, removed]).toEqual([[], []]);
    const clean = await service.erase(request);
    expect(clean.ok && clean.value).toMatchObject({ alreadyErased: false, keyDestroyed: true });
  });

  it("records the erasure, naming the key, before it destroys the key", async () => {
    const order: string[] = [];
    const { eventStore, keys, serviceWith } = await createErasureHarness();
    const keyId = (await keys.get("acme", "c-1"))?.keyId;
    const service = serviceWith({
      eventStore: {
        ...eventStore,
        append: async (stream, events, options) => {
          order.push(`append ${events.map((event) => event.type).join()}`);
          return eventStore.append(stream, events, options);
        },
      },
      keys: { ...keys, destroy: async (...args) => (order.push("destroy"), keys.destroy(...args)) },
    });
    expect((await service.erase(request)).ok).toBe(true);
    expect(order).toEqual(["append customer.erased", "destroy"]);
    const [, erased] = await streamEvents(eventStore, "customer:acme:c-1");
    expect(erased?.data.keyId).toBe(keyId);
  });
});
