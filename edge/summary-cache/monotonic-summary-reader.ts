import type { CustomerSummary } from "../../shared/customer-summary.js";
import { ok } from "../../shared/result.js";
import type { SummaryReader } from "./summary-reader.js";

/** How many customers an isolate remembers by default (least recently read are forgotten first). */
export const DEFAULT_MAX_REMEMBERED = 1_000;

interface Seen {
  version: number;
  /** The newest summary returned, or null once the cache reported the entry gone (only its version is kept). */
  summary: CustomerSummary | null;
}

/**
 * Wraps a reader so that, within this isolate, a read never returns a summary older than one already returned: an
 * older cached version (stale replica, expired-and-republished entry) yields the newer summary seen before. When the
 * cache says the entry is gone (erasure, TTL), the remembered summary is dropped at once — no personal data outlives
 * its removal here — and only its version is kept as a floor, so an older one is not served afterwards either.
 */
export function withMonotonicReads(reader: SummaryReader, options: { maxRemembered?: number } = {}): SummaryReader {
  const maxRemembered = options.maxRemembered ?? DEFAULT_MAX_REMEMBERED;
  const seen = new Map<string, Seen>();
  const remember = (key: string, entry: Seen) => {
    seen.delete(key);
    seen.set(key, entry);
    if (seen.size > maxRemembered) seen.delete(seen.keys().next().value!);
  };

  return {
    async read(tenantId, customerId) {
      const result = await reader.read(tenantId, customerId);
      if (!result.ok) return result;
      const key = `${tenantId}\n${customerId}`;
      const known = seen.get(key);
      const fresh = result.value;
      if (fresh === null) {
        if (known) remember(key, { version: known.version, summary: null });
        return ok(null);
      }
      if (known && known.version > fresh.version) {
        remember(key, known);
        return ok(known.summary);
      }
      remember(key, { version: fresh.version, summary: fresh });
      return ok(fresh);
    },
  };
}
