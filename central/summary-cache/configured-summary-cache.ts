import type { CentralConfig } from "../config.js";
import { createInMemorySummaryCache } from "./in-memory-summary-cache.js";
import type { SummaryCache } from "./summary-cache.js";
import { createUpstashSummaryCache } from "./upstash-summary-cache.js";

/** The summary cache central's configuration names; the memory one only lives inside one process. */
export function summaryCacheFor(config: CentralConfig): { cache: SummaryCache; shared: boolean } {
  const settings = config.summaryCache;
  if (settings.kind === "upstash") {
    return {
      cache: createUpstashSummaryCache({
        redis: { url: settings.url, token: settings.token },
        ttlSeconds: settings.ttlSeconds,
      }),
      shared: true,
    };
  }
  return { cache: createInMemorySummaryCache({ ttlSeconds: settings.ttlSeconds }), shared: false };
}
