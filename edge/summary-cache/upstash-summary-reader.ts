import { Redis } from "@upstash/redis/cloudflare";
import { err } from "../../shared/result.js";
import { DEFAULT_SUMMARY_KEY_PREFIX, parseCachedSummary, summaryCacheKey } from "../../shared/summary-cache-entry.js";
import type { SummaryReader, SummaryReadFailure } from "./summary-reader.js";

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
  const redis = isConnection(options.redis) ? createClient(options.redis, options.timeoutMs ?? 500) : options.redis;
  const prefix = options.keyPrefix ?? DEFAULT_SUMMARY_KEY_PREFIX;
  return {
    async read(tenantId, customerId) {
      let raw: unknown;
      try {
        raw = await redis.get<unknown>(summaryCacheKey(tenantId, customerId, prefix));
      } catch (error) {
        return err(classify(error));
      }
      return parseCachedSummary(raw, { tenantId, customerId });
    },
  };
}

function isConnection(redis: UpstashSummaryReaderOptions["redis"]): redis is { url: string; token: string } {
  return typeof (redis as { url?: unknown }).url === "string";
}

/** Raw strings, one quick retry, a hard per-request timeout, no telemetry headers. */
function createClient(connection: { url: string; token: string }, timeoutMs: number): Redis {
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

/** Maps a client error to a failure code; messages drop the command echo. */
function classify(error: unknown): SummaryReadFailure {
  if (!(error instanceof Error)) return { code: "cache_unavailable", message: "summary cache request failed" };
  const message = error.message.split(", command was:")[0]!.slice(0, 300);
  if (error.name === "UpstashJSONParseError") return { code: "cache_corrupt", message: "the cache answered something that is not JSON" };
  if (error.name === "UpstashError" && /WRONGTYPE/.test(message)) return { code: "cache_corrupt", message };
  return { code: "cache_unavailable", message: `summary cache unavailable: ${message}` };
}
