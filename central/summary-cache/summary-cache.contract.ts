import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import type { SummaryCache } from "./summary-cache.js";

/** What the contract needs from an adapter under test. */
export interface SummaryCacheHarness {
  cache: SummaryCache;
  /** Another client on the same store, as a second central process would have (own connection, own requests). */
  another(): SummaryCache;
  /** Stores `raw` verbatim where the summary of tenant/customer lives (to simulate corruption). */
  writeRaw(tenantId: string, customerId: string, raw: string): Promise<void>;
  /** Lets `ms` pass: advances an injected clock, or really waits. */
  elapse(ms: number): Promise<void>;
}

/** A valid summary for tests; ids are unique per call unless overridden. */
export function sampleSummary(overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    tenantId: `t-${randomUUID().slice(0, 8)}`,
    customerId: `c-${randomUUID().slice(0, 8)}`,
    version: 1,
    profile: { name: "Zoë Ñandú", email: "zoe@example.test", phone: null, tier: "gold" },
    openConversations: ["conv-1"],
    lastIntents: [{ intent: "order_status", confidence: 0.92, at: "2026-11-23T10:00:00.000Z" }],
    lastAction: { actionId: "a-1", type: "refund", outcome: "approved", amount: 12.5, at: "2026-11-23T10:01:00.000Z" },
    counts: { messages: 3, refunds: 1, approvals: 1 },
    flags: { openEscalation: false, erased: false },
    lastMessageAt: "2026-11-23T10:00:00.000Z",
    updatedAt: "2026-11-23T10:01:00.000Z",
    ...overrides,
  };
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** The behaviour every {@link SummaryCache} adapter must show; `makeHarness` gets the TTL to use. */
export function describeSummaryCacheContract(
  name: string,
  makeHarness: (options: { ttlSeconds: number }) => Promise<SummaryCacheHarness>,
): void {
  describe(`SummaryCache contract: ${name}`, () => {
    const harness = () => makeHarness({ ttlSeconds: 3_600 });

    it("reads null for a customer never published", async () => {
      const { cache } = await harness();
      expect(await cache.read("t-none", `c-${randomUUID()}`)).toEqual({ ok: true, value: null });
    });

    it("publishes a summary and reads the same summary back", async () => {
      const { cache } = await harness();
      const summary = sampleSummary({ version: 7 });
      expect(await cache.publish(summary)).toEqual({ ok: true, value: { stored: true } });
      expect(await cache.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: summary });
    });

    it("stores a newer version but not an equal or older one, keeping the newer", async () => {
      const { cache } = await harness();
      const first = sampleSummary({ version: 10 });
      const { tenantId, customerId } = first;
      await cache.publish(first);
      expect(await cache.publish({ ...first, version: 10, counts: { ...first.counts, messages: 99 } })).toEqual({
        ok: true,
        value: { stored: false },
      });
      expect(await cache.publish({ ...first, version: 9 })).toEqual({ ok: true, value: { stored: false } });
      expect(await cache.publish({ ...first, version: 11 })).toEqual({ ok: true, value: { stored: true } });
      const read = await cache.read(tenantId, customerId);
      expect(read.ok && read.value?.version).toBe(11);
      expect(read.ok && read.value?.counts.messages).toBe(3);
    });

    it("never regresses under concurrent publishes in random order from many clients: the maximum wins", async () => {
      const { cache, another } = await harness();
      const clients = [cache, ...Array.from({ length: 7 }, another)];
      const base = sampleSummary();
      const versions = shuffled(Array.from({ length: 40 }, (_unused, index) => index + 1));
      const results = await Promise.all(
        versions.map((version, index) =>
          clients[index % clients.length]!.publish({ ...base, version, counts: { ...base.counts, messages: version } }),
        ),
      );
      expect(results.every((result) => result.ok)).toBe(true);
      expect(results.some((result) => result.ok && result.value.stored)).toBe(true);
      const read = await cache.read(base.tenantId, base.customerId);
      expect(read.ok && read.value).toMatchObject({ version: 40, counts: { messages: 40 } });
      for (const version of shuffled(versions).slice(0, 10)) {
        expect(await cache.publish({ ...base, version })).toEqual({ ok: true, value: { stored: false } });
      }
    });

    it("keeps tenants and customers apart", async () => {
      const { cache } = await harness();
      const a = sampleSummary({ tenantId: "tenant-a", customerId: `c-${randomUUID()}`, version: 5 });
      const b = { ...a, tenantId: "tenant-b", version: 1 };
      await cache.publish(a);
      expect(await cache.publish(b)).toEqual({ ok: true, value: { stored: true } });
      expect(await cache.read("tenant-b", a.customerId)).toEqual({ ok: true, value: b });
    });

    it("removes an entry (and removing an absent one succeeds)", async () => {
      const { cache } = await harness();
      const summary = sampleSummary({ version: 4 });
      await cache.publish(summary);
      expect(await cache.remove(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: undefined });
      expect(await cache.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: null });
      expect(await cache.remove(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: undefined });
      expect(await cache.publish({ ...summary, version: 5 })).toEqual({ ok: true, value: { stored: true } });
    });

    it("reports a stored value that is not a valid summary as cache_corrupt, and a publish replaces it", async () => {
      const { cache, writeRaw } = await harness();
      const summary = sampleSummary({ version: 3 });
      const { tenantId, customerId } = summary;
      for (const raw of [
        "{not json",
        JSON.stringify({ version: 99, tenantId }),
        JSON.stringify({ ...summary, customerId: "someone-else" }),
      ]) {
        await writeRaw(tenantId, customerId, raw);
        const read = await cache.read(tenantId, customerId);
        expect(read).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
        if (!read.ok) expect(read.error.message).not.toContain("Zoë");
      }
      await writeRaw(tenantId, customerId, "{not json");
      expect(await cache.publish(summary)).toEqual({ ok: true, value: { stored: true } });
      expect(await cache.read(tenantId, customerId)).toEqual({ ok: true, value: summary });
    });

    it("expires an entry after the TTL; the guard goes with it", async () => {
      const { cache, elapse } = await makeHarness({ ttlSeconds: 1 });
      const summary = sampleSummary({ version: 8 });
      await cache.publish(summary);
      expect((await cache.read(summary.tenantId, summary.customerId)).ok).toBe(true);
      await elapse(1_100);
      expect(await cache.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: null });
      expect(await cache.publish({ ...summary, version: 2 })).toEqual({ ok: true, value: { stored: true } });
    });
  });
}
