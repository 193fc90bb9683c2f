import { customerSummarySchema, type CustomerSummary } from "./customer-summary.js";
import { parseCachedEntry, type CorruptCacheEntry } from "./cached-entry.js";
import { err, type Result } from "./result.js";

/** Prefix of every summary cache key unless a deployment chooses another (central and edge must agree). */
export const DEFAULT_SUMMARY_KEY_PREFIX = "frontdesk:";

/** The cache key of one customer's summary: `<prefix>summary:<tenantId>:<customerId>` (ids never contain `:`). */
export function summaryCacheKey(
  tenantId: string,
  customerId: string,
  prefix: string = DEFAULT_SUMMARY_KEY_PREFIX,
): string {
  return `${prefix}summary:${tenantId}:${customerId}`;
}

/** A cached value that is not a valid customer summary. */
export type CorruptSummary = CorruptCacheEntry;

/**
 * Validates a cached value: null stays null (absent), JSON text is parsed first (clients without automatic
 * deserialisation), an object is checked against {@link customerSummarySchema} and, when `expected` is given, must
 * belong to that tenant and customer. Error messages name the problem, never the personal data.
 */
export function parseCachedSummary(
  raw: unknown,
  expected?: { tenantId: string; customerId: string },
): Result<CustomerSummary | null, CorruptSummary> {
  const parsed = parseCachedEntry(raw, customerSummarySchema, "summary");
  if (!parsed.ok || parsed.value === null || !expected) return parsed;
  const { tenantId, customerId } = parsed.value;
  if (tenantId !== expected.tenantId || customerId !== expected.customerId) {
    return err({ code: "cache_corrupt", message: "cached summary belongs to another tenant or customer than its key" });
  }
  return parsed;
}
