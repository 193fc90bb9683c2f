import type { Redis } from "@upstash/redis/cloudflare";
import { parseCachedPolicySnapshot, policySnapshotCacheKey } from "../../shared/policy-snapshot-cache.js";
import { err } from "../../shared/result.js";
import { DEFAULT_SUMMARY_KEY_PREFIX } from "../../shared/summary-cache-entry.js";
import { classifyUpstashError, isUpstashConnection } from "../../shared/upstash-cache-failure.js";
import { createUpstashReaderClient } from "../summary-cache/upstash-summary-reader.js";
import type { PolicySnapshotReader } from "./policy-snapshot-reader.js";

/** What the Upstash policy reader is built from: a client (or URL and token), the key prefix and a timeout. */
export interface UpstashPolicySnapshotReaderOptions {
  redis: Redis | { url: string; token: string };
  /** Must match central's prefix (default `frontdesk:`). */
  keyPrefix?: string;
  /** How long one read may take (default 500 ms). */
  timeoutMs?: number;
}

/**
 * {@link PolicySnapshotReader} on Upstash Redis via `@upstash/redis/cloudflare`: reads `<prefix>policy:<tenantId>`,
 * which central's publisher writes, and validates it; failures are values.
 */
export function createUpstashPolicySnapshotReader(options: UpstashPolicySnapshotReaderOptions): PolicySnapshotReader {
  const redis = isUpstashConnection(options.redis)
    ? createUpstashReaderClient(options.redis, options.timeoutMs ?? 500)
    : options.redis;
  const prefix = options.keyPrefix ?? DEFAULT_SUMMARY_KEY_PREFIX;
  return {
    async read(tenantId) {
      let raw: unknown;
      try {
        raw = await redis.get<unknown>(policySnapshotCacheKey(tenantId, prefix));
      } catch (error) {
        return err(classifyUpstashError(error, { cache: "policy snapshot cache" }));
      }
      return parseCachedPolicySnapshot(raw, tenantId);
    },
  };
}
