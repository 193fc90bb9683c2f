import { customerSummarySchema, type CustomerSummary } from "./customer-summary.js";
import { err, ok, type Result } from "./result.js";

/** Prefix of every summary cache key unless a deployment chooses another (central and edge must agree). */
export const DEFAULT_SUMMARY_KEY_PREFIX = "frontdesk:";

/** The cache key of one customer's summary: `<prefix>summary:<tenantId>:<customerId>` (ids never contain `:`). */
export function summaryCacheKey(tenantId: string, customerId: string, prefix: string = DEFAULT_SUMMARY_KEY_PREFIX): string {
  return `${prefix}summary:${tenantId}:${customerId}`;
}

/** A cached value that is not a valid customer summary. */
export interface CorruptSummary {
  code: "cache_corrupt";
  message: string;
}

/**
 * Validates a cached value: null stays null (absent), JSON text is parsed first (clients without automatic
 * deserialisation), an object is checked against {@link customerSummarySchema} and, when `expected` is given, must
 * belong to that tenant and customer. Error messages name the problem, never the personal data.
 */
export function parseCachedSummary(
  raw: unknown,
  expected?: { tenantId: string; customerId: string },
): Result<CustomerSummary | null, CorruptSummary> {
  if (raw === null || raw === undefined) return ok(null);
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return err({ code: "cache_corrupt", message: "cached summary is not JSON" });
    }
  }
  const parsed = customerSummarySchema.safeParse(value);
  if (parsed.success) {
    const { tenantId, customerId } = parsed.data;
    if (expected && (tenantId !== expected.tenantId || customerId !== expected.customerId)) {
      return err({ code: "cache_corrupt", message: "cached summary belongs to another tenant or customer than its key" });
    }
    return ok(parsed.data);
  }
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))].slice(0, 5);
  return err({ code: "cache_corrupt", message: `cached summary fails the schema at ${fields.join(", ")}` });
}
