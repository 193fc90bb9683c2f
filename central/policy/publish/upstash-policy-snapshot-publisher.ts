import type { Redis } from "@upstash/redis";
import { DEFAULT_SUMMARY_KEY_PREFIX } from "../../../shared/summary-cache-entry.js";
import { parseCachedPolicySnapshot, policySnapshotCacheKey } from "../../../shared/policy-snapshot-cache.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { classifyUpstashError, isUpstashConnection } from "../../../shared/upstash-cache-failure.js";
import { createUpstashCacheClient } from "../../upstash/upstash-cache-client.js";
import { VERSION_GUARDED_SET_LUA } from "../../../shared/version-guarded-set.js";
import type { PolicyPublishFailure, PolicySnapshotPublisher } from "./policy-snapshot-publisher.js";

/**
 * How long a published snapshot lives in the cache: ten years, i.e. until replaced. (The version-guarded script every
 * cache write shares sets a TTL; a policy must not silently expire at the edge.)
 */
export const POLICY_SNAPSHOT_TTL_SECONDS = 10 * 365 * 24 * 3600;

/** What the Upstash publisher is built from: a client (or URL and token), and the key prefix the edge also uses. */
export interface UpstashPolicySnapshotPublisherOptions {
  redis: Redis | { url: string; token: string };
  keyPrefix?: string;
  timeoutMs?: number;
}

/**
 * {@link PolicySnapshotPublisher} on Upstash Redis (or the dev server): one key per tenant, written by the same
 * atomic version-guarded Lua script as customer summaries, so concurrent publishers never regress the edge.
 */
export function createUpstashPolicySnapshotPublisher(
  options: UpstashPolicySnapshotPublisherOptions,
): PolicySnapshotPublisher {
  const redis = isUpstashConnection(options.redis)
    ? createUpstashCacheClient(options.redis, options.timeoutMs ?? 2_000)
    : options.redis;
  const prefix = options.keyPrefix ?? DEFAULT_SUMMARY_KEY_PREFIX;
  const guardedSet = redis.createScript<unknown>(VERSION_GUARDED_SET_LUA);
  return {
    async publish(entry) {
      const key = policySnapshotCacheKey(entry.snapshot.tenantId, prefix);
      const reply = await attempt(() =>
        guardedSet.exec([key], [JSON.stringify(entry), String(entry.version), String(POLICY_SNAPSHOT_TTL_SECONDS)]),
      );
      if (!reply.ok) return reply;
      if (reply.value !== 0 && reply.value !== 1)
        return err({
          code: "cache_corrupt",
          message: `unexpected reply to the version-guarded set: ${typeof reply.value}`,
        });
      return ok({ stored: reply.value === 1 });
    },
    async read(tenantId) {
      const reply = await attempt(() => redis.get<unknown>(policySnapshotCacheKey(tenantId, prefix)));
      return reply.ok ? parseCachedPolicySnapshot(reply.value, tenantId) : reply;
    },
  };
}

async function attempt<T>(call: () => Promise<T>): Promise<Result<T, PolicyPublishFailure>> {
  try {
    return ok(await call());
  } catch (error) {
    return err(classifyUpstashError(error, { withCause: true, cache: "policy snapshot cache" }));
  }
}
