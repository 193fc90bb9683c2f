import { parseCachedSummary, summaryCacheKey } from "../../shared/summary-cache-entry.js";
import { ok } from "../../shared/result.js";
import type { SummaryCache } from "./summary-cache.js";
import { runVersionGuardedSet } from "../../shared/version-guarded-set.js";

/** Default lifetime of a cached summary: one day. */
export const DEFAULT_SUMMARY_TTL_SECONDS = 86_400;

/** One stored summary: its JSON text (as Redis would hold it) and when it expires (epoch ms). */
export interface InMemorySummaryEntry {
  json: string;
  expiresAt: number;
}

/** Options of the in-memory cache; `entries` lets tests inspect or seed the store. */
export interface InMemorySummaryCacheOptions {
  ttlSeconds?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  entries?: Map<string, InMemorySummaryEntry>;
}

/**
 * The in-process {@link SummaryCache}: same semantics as the Upstash adapter (version guard, TTL, validation on
 * read), for tests and a central without an edge cache. Stores JSON text, so later changes to a published object
 * do not leak into the cache.
 */
export function createInMemorySummaryCache(options: InMemorySummaryCacheOptions = {}): SummaryCache {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_SUMMARY_TTL_SECONDS;
  const now = options.now ?? Date.now;
  const entries = options.entries ?? new Map<string, InMemorySummaryEntry>();
  const live = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return entry.json;
  };
  const store = {
    get: live,
    set: (key: string, json: string, ttl: number) => void entries.set(key, { json, expiresAt: now() + ttl * 1000 }),
  };

  return {
    async publish(summary) {
      const key = summaryCacheKey(summary.tenantId, summary.customerId);
      return ok({
        stored: runVersionGuardedSet(store, key, JSON.stringify(summary), summary.version, ttlSeconds) === 1,
      });
    },
    async read(tenantId, customerId) {
      return parseCachedSummary(live(summaryCacheKey(tenantId, customerId)), { tenantId, customerId });
    },
    async remove(tenantId, customerId) {
      entries.delete(summaryCacheKey(tenantId, customerId));
      return ok(undefined);
    },
  };
}
