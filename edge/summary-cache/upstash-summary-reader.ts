import { Redis } from "@upstash/redis/cloudflare";
import { err } from "../../shared/result.js";
import { DEFAULT_SUMMARY_KEY_PREFIX, parseCachedSummary, summaryCacheKey } from "../../shared/summary-cache-entry.js";
import { classifyUpstashError, isUpstashConnection } from "../../shared/upstash-cache-failure.js";
import type { SummaryReader } from "./summary-reader.js";

/** What the Upstash reader is built from: a client (or URL and token), the key prefix and a per-request timeout. */
export interface UpstashSummaryReaderOptions {
  redis: Redis | { url: string; token: string };
  /** Must match central's `keyPrefix` (default `frontdesk:`). */
  keyPrefix?: string;
  /** How long one read may take before the edge gives up on the summary (default 500 ms). */
  timeoutMs?: number;
}

/**
 * {@link SummaryReader} on Upstash Redis via `@upstash/redis/cloudflare` (fetch-based, runs in workerd without
 * nodejs_compat). Reads the key central's `SummaryCache` writes and validates it with `customerSummarySchema`;
 * failures are values. Wrap it in `withMonotonicReads` so reads never go back in version.
 */
export function createUpstashSummaryReader(options: UpstashSummaryReaderOptions): SummaryReader {
  const redis = isUpstashConnection(options.redis)
    ? createUpstashReaderClient(options.redis, options.timeoutMs ?? 500)
    : options.redis;
  const prefix = options.keyPrefix ?? DEFAULT_SUMMARY_KEY_PREFIX;
  return {
    async read(tenantId, customerId) {
      let raw: unknown;
      try {
        raw = await redis.get<unknown>(summaryCacheKey(tenantId, customerId, prefix));
      } catch (error) {
        return err(classifyUpstashError(error));
      }
      return parseCachedSummary(raw, { tenantId, customerId });
    },
  };
}

/** The edge's Upstash client: raw strings, one quick retry, a hard per-request timeout, no telemetry headers. */
export function createUpstashReaderClient(connection: { url: string; token: string }, timeoutMs: number): Redis {
  return new Redis({
    url: connection.url,
    token: connection.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    readYourWrites: false,
    retry: { retries: 1, backoff: () => 25 },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}
