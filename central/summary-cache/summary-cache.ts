import type { CustomerSummary } from "../../shared/customer-summary.js";
import type { Result } from "../../shared/result.js";

/** Why the cache could not be reached or answered nonsense; callers retry later (the log stays the truth). */
export interface SummaryCacheFailure {
  code: "cache_unavailable" | "cache_corrupt";
  message: string;
}

/**
 * Port for the edge-facing customer-summary cache. Writes are version-guarded: a summary never replaces one with a
 * higher or equal `version`, so readers never regress. Entries expire after the adapter's TTL.
 */
export interface SummaryCache {
  /** Stores the summary unless the cache already holds an equal or newer version (`stored: false` then). */
  publish(summary: CustomerSummary): Promise<Result<{ stored: boolean }, SummaryCacheFailure>>;
  /** The cached summary, or null when absent or expired. */
  read(tenantId: string, customerId: string): Promise<Result<CustomerSummary | null, SummaryCacheFailure>>;
  /** Removes an entry (erasure); removing an absent entry succeeds. */
  remove(tenantId: string, customerId: string): Promise<Result<void, SummaryCacheFailure>>;
}
