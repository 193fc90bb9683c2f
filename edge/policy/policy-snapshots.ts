import type { PolicySnapshot } from "../../shared/policy/policy-snapshot.js";
import type { PolicySnapshotCacheEntry } from "../../shared/policy-snapshot-cache.js";
import type { PolicySnapshotReader } from "./policy-snapshot-reader.js";

/** How long an isolate uses a tenant's snapshot before asking the cache again, by default (milliseconds). */
export const DEFAULT_POLICY_REFRESH_MS = 1_000;

/** The edge's view of tenants' active policies. */
export interface PolicySnapshots {
  /** The tenant's active snapshot, or null when none was ever published (the EDGE_ROUTING rules apply then). */
  forTenant(tenantId: string): Promise<PolicySnapshot | null>;
}

/** Options of {@link createPolicySnapshots}. */
export interface PolicySnapshotsOptions {
  /** Reuse a tenant's snapshot for this long before reading the cache again (0 = read on every message). */
  refreshMs?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Tenants remembered per isolate (least recently used forgotten first; default 1000). */
  maxTenants?: number;
}

interface Known {
  entry: PolicySnapshotCacheEntry | null;
  fetchedAt: number;
}

/**
 * Per-isolate snapshots over a reader: a tenant's snapshot is read at most once per `refreshMs` (so a new activation
 * is used at most `refreshMs` after it lands in the cache, plus one read), never goes back to an older activation
 * (entries are ordered by their activation sequence), and a cache failure keeps the last snapshot this isolate had
 * (a failure before any successful read is retried on the next message rather than cached).
 * Concurrent messages of one tenant share one read.
 */
export function createPolicySnapshots(
  reader: PolicySnapshotReader,
  options: PolicySnapshotsOptions = {},
): PolicySnapshots {
  const refreshMs = options.refreshMs ?? DEFAULT_POLICY_REFRESH_MS;
  const now = options.now ?? Date.now;
  const maxTenants = options.maxTenants ?? 1_000;
  const known = new Map<string, Known>();
  const inFlight = new Map<string, Promise<PolicySnapshotCacheEntry | null>>();

  const remember = (tenantId: string, value: Known) => {
    known.delete(tenantId);
    known.set(tenantId, value);
    if (known.size > maxTenants) known.delete(known.keys().next().value!);
  };

  async function refresh(tenantId: string, previous: Known | undefined): Promise<PolicySnapshotCacheEntry | null> {
    const read = await reader.read(tenantId);
    if (!read.ok) {
      // Keep what we had and ask again after the refresh interval; with nothing yet (a cold isolate whose first read
      // timed out while the intent model loaded), ask again on the very next message.
      if (previous) remember(tenantId, { entry: previous.entry, fetchedAt: now() });
      return previous?.entry ?? null;
    }
    const fresh = read.value;
    const kept = previous?.entry && (!fresh || fresh.version < previous.entry.version) ? previous.entry : fresh;
    remember(tenantId, { entry: kept, fetchedAt: now() });
    return kept;
  }

  return {
    async forTenant(tenantId) {
      const previous = known.get(tenantId);
      if (previous && now() - previous.fetchedAt < refreshMs) return previous.entry?.snapshot ?? null;
      let pending = inFlight.get(tenantId);
      if (!pending) {
        pending = refresh(tenantId, previous).finally(() => inFlight.delete(tenantId));
        inFlight.set(tenantId, pending);
      }
      return (await pending)?.snapshot ?? null;
    },
  };
}
