import { z } from "zod";
import { err, ok, type Result } from "./result.js";
import { policySnapshotSchema, type PolicySnapshot } from "./policy/policy-snapshot.js";
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
export interface CorruptPolicySnapshot {
  code: "cache_corrupt";
  message: string;
}

/** Validates a cached value (JSON text or an object): null stays null; the entry must be the tenant's. */
export function parseCachedPolicySnapshot(raw: unknown, tenantId: string): Result<PolicySnapshotCacheEntry | null, CorruptPolicySnapshot> {
  if (raw === null || raw === undefined) return ok(null);
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return err({ code: "cache_corrupt", message: "cached policy snapshot is not JSON" });
    }
  }
  const parsed = policySnapshotCacheEntrySchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))].slice(0, 5);
    return err({ code: "cache_corrupt", message: `cached policy snapshot fails the schema at ${fields.join(", ")}` });
  }
  if (parsed.data.snapshot.tenantId !== tenantId) return err({ code: "cache_corrupt", message: "cached policy snapshot belongs to another tenant than its key" });
  return ok(parsed.data);
}

/** The snapshot of a cache entry (for callers that do not care about the sequence). */
export function snapshotOf(entry: PolicySnapshotCacheEntry | null): PolicySnapshot | null {
  return entry?.snapshot ?? null;
}
