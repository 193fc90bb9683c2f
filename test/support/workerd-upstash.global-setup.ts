/**
 * Global setup of the workerd test project (runs in Node, not in workerd): starts the Upstash-REST dev server on the
 * memory backend, and on the redis backend when Redis answers (required under CI=true), and provides their URLs and
 * tokens to the edge tests (`inject("upstashDevServers")`). Teardown stops them and deletes the tests' keys.
 */
import { env } from "node:process";
import type { TestProject } from "vitest/node";
import { launchUpstashDevServer } from "../../tools/upstash-dev-server/launch.js";
import type { RunningUpstashDevServer } from "../../tools/upstash-dev-server/server.js";
import { deleteKeysWithPrefix, detectTestRedis, testKeyPrefix } from "./redis.js";
import "./upstash-dev-servers.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningUpstashDevServer[] = [];
  const launch = async (backend: "memory" | "redis", redisUrl?: string) => {
    const result = await launchUpstashDevServer({ backend, redisUrl });
    if (!result.ok) throw new Error(`cannot start the Upstash dev server (${backend}): ${result.error.message}`);
    started.push(result.value);
    return { url: result.value.url, token: result.value.token };
  };
  // process.env reads as {} here: this module is transformed for the workerd project (ssr.target webworker).
  const redis = await detectTestRedis(env);
  const keyPrefix = testKeyPrefix("edge");
  project.provide("upstashDevServers", {
    memory: await launch("memory"),
    redis: redis.reachable ? await launch("redis", redis.url) : null,
    redisSkipReason: redis.skipReason,
    keyPrefix,
  });
  return async () => {
    await Promise.all(started.map((server) => server.close()));
    if (redis.reachable) await deleteKeysWithPrefix(redis.url, keyPrefix);
  };
}
