import type { PolicySnapshotCacheEntry } from "../../../shared/policy-snapshot-cache.js";
import type { Result } from "../../../shared/result.js";

/** Why a snapshot could not be published; the log stays the truth and a later activation or republish retries. */
export interface PolicyPublishFailure {
  code: "cache_unavailable" | "cache_corrupt";
  message: string;
}

/**
 * Port for publishing a tenant's active policy snapshot to the edge cache. Writes are guarded by the entry's
 * `version` (the activation's position in the tenant's policy stream): an older activation never replaces a newer one.
 */
export interface PolicySnapshotPublisher {
  /** Stores the entry unless the cache holds an equal or newer activation (`stored: false` then). */
  publish(entry: PolicySnapshotCacheEntry): Promise<Result<{ stored: boolean }, PolicyPublishFailure>>;
  /** The cached entry of a tenant, or null. */
  read(tenantId: string): Promise<Result<PolicySnapshotCacheEntry | null, PolicyPublishFailure>>;
}
