import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { missingServicePolicy } from "./require-service.js";

/** Where tests look for Redis when TEST_REDIS_URL is unset. */
export const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** The Redis server tests may use, or why they cannot. */
export interface TestRedis {
  url: string;
  reachable: boolean;
  /** Why the Redis tests are skipped, when they are. */
  skipReason: string | null;
}

/**
 * Resolves TEST_REDIS_URL and checks that Redis answers PING within a short timeout; what happens when it does not
 * is `missingServicePolicy`'s (skip with a printed reason, fail under CI=true).
 */
export async function detectTestRedis(env: Record<string, string | undefined> = process.env): Promise<TestRedis> {
  const url = env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return { url, reachable: true, skipReason: null };
  } catch (error) {
    const reason =
      `not reachable at ${url} (${(error as Error).message}); ` +
      'set TEST_REDIS_URL or start it (redis-server --daemonize yes --bind 127.0.0.1 --save "")';
    return { url, reachable: false, skipReason: missingServicePolicy("Redis", reason, env).skipReason };
  } finally {
    client.disconnect();
  }
}

/** A key prefix unique to one test run, so tests never touch other keys of a shared Redis. */
export function testKeyPrefix(label: string): string {
  return `frontdesk-test:${label}:${randomBytes(6).toString("hex")}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK); call it when the test file is done. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  if (!/^frontdesk-test:/.test(prefix)) throw new Error(`refusing to delete keys outside frontdesk-test: (${prefix})`);
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  await client.connect();
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return deleted;
}
