import { z } from "zod";
import { parseCachedEntry, type CorruptCacheEntry } from "./cached-entry.js";
import { err, type Result } from "./result.js";
import { policySnapshotSchema } from "./policy/policy-snapshot.js";
import { DEFAULT_SUMMARY_KEY_PREFIX } from "./summary-cache-entry.js";

/**
 * What the edge cache holds for a tenant's active policy: the snapshot, and under `version` the position of the
 * activation in the tenant's policy stream. That position only grows (a rollback to an older policy version is a
 * newer activation), so the same version-guarded write as customer summaries keeps the cache from regressing.
 */
export const policySnapshotCacheEntrySchema = z.object({
  version: z.number().int().positive(),
  snapshot: policySnapshotSchema,
});

/** A cached policy snapshot with its activation sequence. */
export type PolicySnapshotCacheEntry = z.output<typeof policySnapshotCacheEntrySchema>;

/** The cache key of a tenant's policy snapshot: `<prefix>policy:<tenantId>` (same prefix as summaries). */
export function policySnapshotCacheKey(tenantId: string, prefix: string = DEFAULT_SUMMARY_KEY_PREFIX): string {
  return `${prefix}policy:${tenantId}`;
}

/** A cached value that is not a valid policy snapshot entry for the tenant. */
export type CorruptPolicySnapshot = CorruptCacheEntry;

/** Validates a cached value (JSON text or an object): null stays null; the entry must be the tenant's. */
export function parseCachedPolicySnapshot(
  raw: unknown,
  tenantId: string,
): Result<PolicySnapshotCacheEntry | null, CorruptPolicySnapshot> {
  const parsed = parseCachedEntry(raw, policySnapshotCacheEntrySchema, "policy snapshot");
  if (!parsed.ok || parsed.value === null) return parsed;
  if (parsed.value.snapshot.tenantId !== tenantId)
    return err({ code: "cache_corrupt", message: "cached policy snapshot belongs to another tenant than its key" });
  return parsed;
}
