import type { PolicySnapshotCacheEntry } from "../../shared/policy-snapshot-cache.js";
import type { Result } from "../../shared/result.js";

/** Why no policy snapshot could be read; the edge then keeps the last snapshot it had, or its EDGE_ROUTING rules. */
export interface PolicySnapshotReadFailure {
  code: "cache_unavailable" | "cache_corrupt";
  message: string;
}

/** Port for reading a tenant's active policy snapshot from the edge cache (central publishes it on activation). */
export interface PolicySnapshotReader {
  /** The cached entry (snapshot + activation sequence), null when the tenant has none, or a failure as a value. */
  read(tenantId: string): Promise<Result<PolicySnapshotCacheEntry | null, PolicySnapshotReadFailure>>;
}
