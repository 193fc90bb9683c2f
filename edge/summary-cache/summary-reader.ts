import type { CustomerSummary } from "../../shared/customer-summary.js";
import type { Result } from "../../shared/result.js";

/** Why no summary could be read; the edge carries on without one. */
export interface SummaryReadFailure {
  code: "cache_unavailable" | "cache_corrupt";
  message: string;
}

/** Port for reading customer summaries at the edge (central publishes them through its `SummaryCache`). */
export interface SummaryReader {
  /** The cached summary, null when there is none (absent, expired or erased), or a failure as a value. */
  read(tenantId: string, customerId: string): Promise<Result<CustomerSummary | null, SummaryReadFailure>>;
}
