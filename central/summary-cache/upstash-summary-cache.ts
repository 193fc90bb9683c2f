import type { Redis } from "@upstash/redis";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import { err, ok, type Result } from "../../shared/result.js";
import { DEFAULT_SUMMARY_KEY_PREFIX, parseCachedSummary, summaryCacheKey } from "../../shared/summary-cache-entry.js";
import { classifyUpstashError, isUpstashConnection } from "../../shared/upstash-cache-failure.js";
import { createUpstashCacheClient } from "../upstash/upstash-cache-client.js";
import type { SummaryCache, SummaryCacheFailure } from "./summary-cache.js";
import { VERSION_GUARDED_SET_LUA } from "../../shared/version-guarded-set.js";

/** What the Upstash adapter is built from: a client (or URL and token to make one), the TTL and the key prefix. */
export interface UpstashSummaryCacheOptions {
  redis: Redis | { url: string; token: string };
  ttlSeconds: number;
  /** Prefix of every key (default `frontdesk:`); the edge reader must use the same. */
  keyPrefix?: string;
  /** Per-request timeout when the client is built from URL and token (default 2000 ms). */
  timeoutMs?: number;
}

/**
 * {@link SummaryCache} on Upstash Redis (or anything speaking its REST protocol, such as the dev server). One key per
 * tenant and customer holds the summary JSON with a TTL; `publish` runs a Lua script (EVALSHA, falling back to EVAL)
 * that writes only over a lower version, atomically. Failures come back as values, never as exceptions.
 */
export function createUpstashSummaryCache(options: UpstashSummaryCacheOptions): SummaryCache {
  const redis = isUpstashConnection(options.redis)
    ? createUpstashCacheClient(options.redis, options.timeoutMs ?? 2_000)
    : options.redis;
  const prefix = options.keyPrefix ?? DEFAULT_SUMMARY_KEY_PREFIX;
  const versionGuardedSet = redis.createScript<unknown>(VERSION_GUARDED_SET_LUA);

  return {
    async publish(summary: CustomerSummary) {
      const key = summaryCacheKey(summary.tenantId, summary.customerId, prefix);
      const reply = await attempt(() =>
        versionGuardedSet.exec([key], [JSON.stringify(summary), String(summary.version), String(options.ttlSeconds)]),
      );
      if (!reply.ok) return reply;
      if (reply.value !== 0 && reply.value !== 1)
        return err(corrupt(`unexpected reply to the version-guarded set: ${typeof reply.value}`));
      return ok({ stored: reply.value === 1 });
    },
    async read(tenantId, customerId) {
      const reply = await attempt(() => redis.get<unknown>(summaryCacheKey(tenantId, customerId, prefix)));
      return reply.ok ? parseCachedSummary(reply.value, { tenantId, customerId }) : reply;
    },
    async remove(tenantId, customerId) {
      const reply = await attempt(() => redis.del(summaryCacheKey(tenantId, customerId, prefix)));
      return reply.ok ? ok(undefined) : reply;
    },
  };
}

async function attempt<T>(call: () => Promise<T>): Promise<Result<T, SummaryCacheFailure>> {
  try {
    return ok(await call());
  } catch (error) {
    return err(classifyUpstashError(error, { withCause: true }));
  }
}

function corrupt(message: string): SummaryCacheFailure {
  return { code: "cache_corrupt", message };
}
