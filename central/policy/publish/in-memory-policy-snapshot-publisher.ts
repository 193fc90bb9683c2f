import { parseCachedPolicySnapshot, policySnapshotCacheKey } from "../../../shared/policy-snapshot-cache.js";
import { ok } from "../../../shared/result.js";
import { runVersionGuardedSet } from "../../../shared/version-guarded-set.js";
import type { PolicySnapshotPublisher } from "./policy-snapshot-publisher.js";

/**
 * The in-process {@link PolicySnapshotPublisher}: same guard as the Upstash one, JSON text in a map. Only an edge in
 * the same process could read it, so it serves tests and a central running without an edge cache.
 */
export function createInMemoryPolicySnapshotPublisher(
  entries: Map<string, string> = new Map(),
): PolicySnapshotPublisher {
  const store = {
    get: (key: string) => entries.get(key) ?? null,
    set: (key: string, json: string) => void entries.set(key, json),
  };
  return {
    async publish(entry) {
      const key = policySnapshotCacheKey(entry.snapshot.tenantId);
      return ok({ stored: runVersionGuardedSet(store, key, JSON.stringify(entry), entry.version, 0) === 1 });
    },
    async read(tenantId) {
      return parseCachedPolicySnapshot(entries.get(policySnapshotCacheKey(tenantId)) ?? null, tenantId);
    },
  };
}
