import { summaryCacheKey } from "../../shared/summary-cache-entry.js";
import { createInMemorySummaryCache, type InMemorySummaryEntry } from "./in-memory-summary-cache.js";
import { describeSummaryCacheContract } from "./summary-cache.contract.js";

describeSummaryCacheContract("in-memory", async ({ ttlSeconds }) => {
  let now = Date.parse("2026-11-23T10:00:00.000Z");
  const entries = new Map<string, InMemorySummaryEntry>();
  const make = () => createInMemorySummaryCache({ ttlSeconds, now: () => now, entries });
  return {
    cache: make(),
    another: make,
    writeRaw: async (tenantId, customerId, raw) =>
      void entries.set(summaryCacheKey(tenantId, customerId), { json: raw, expiresAt: now + ttlSeconds * 1000 }),
    elapse: async (ms) => void (now += ms),
  };
});
