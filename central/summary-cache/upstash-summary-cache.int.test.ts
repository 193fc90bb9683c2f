import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis, type Requester } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryCacheKey } from "../../shared/summary-cache-entry.js";
import { deleteKeysWithPrefix, detectTestRedis, testKeyPrefix } from "../../test/support/redis.js";
import { launchUpstashDevServer } from "../../tools/upstash-dev-server/launch.js";
import type { RunningUpstashDevServer } from "../../tools/upstash-dev-server/server.js";
import { describeSummaryCacheContract, sampleSummary } from "./summary-cache.contract.js";
import { createUpstashSummaryCache } from "./upstash-summary-cache.js";

const testRedis = await detectTestRedis();

for (const backend of ["redis", "memory"] as const) {
  const skip = backend === "redis" && !testRedis.reachable;
  describe.skipIf(skip)(
    `Upstash summary cache → dev server (${backend} backend${backend === "redis" ? " → real Redis" : ""})`,
    () => {
      const keyPrefix = testKeyPrefix(`summary-cache-${backend}`);
      let server: RunningUpstashDevServer;
      let raw: Redis;

      beforeAll(async () => {
        const started = await launchUpstashDevServer({ backend, redisUrl: testRedis.url });
        if (!started.ok) throw new Error(started.error.message);
        server = started.value;
        raw = new Redis({
          url: server.url,
          token: server.token,
          enableTelemetry: false,
          automaticDeserialization: false,
        });
      });

      afterAll(async () => {
        await server?.close();
        if (backend === "redis") await deleteKeysWithPrefix(testRedis.url, keyPrefix);
      });

      describeSummaryCacheContract(`upstash via the dev server, ${backend} backend`, async ({ ttlSeconds }) => {
        const make = () =>
          createUpstashSummaryCache({ redis: { url: server.url, token: server.token }, ttlSeconds, keyPrefix });
        return {
          cache: make(),
          another: make,
          writeRaw: async (tenantId, customerId, value) =>
            void (await raw.set(summaryCacheKey(tenantId, customerId, keyPrefix), value)),
          elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        };
      });

      it("stores the summary as JSON text with the TTL under <prefix>summary:<tenant>:<customer>", async () => {
        const cache = createUpstashSummaryCache({
          redis: { url: server.url, token: server.token },
          ttlSeconds: 120,
          keyPrefix,
        });
        const summary = sampleSummary({ version: 2 });
        await cache.publish(summary);
        const key = `${keyPrefix}summary:${summary.tenantId}:${summary.customerId}`;
        expect(JSON.parse((await raw.get<string>(key))!)).toEqual(summary);
        expect(await raw.ttl(key)).toBeGreaterThan(115);
      });

      it("works with a caller's client that deserialises JSON automatically", async () => {
        const client = new Redis({ url: server.url, token: server.token, enableTelemetry: false });
        const cache = createUpstashSummaryCache({ redis: client, ttlSeconds: 60, keyPrefix });
        const summary = sampleSummary({ version: 4 });
        expect(await cache.publish(summary)).toEqual({ ok: true, value: { stored: true } });
        expect(await cache.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: summary });
      });

      it("answers cache_unavailable for a wrong token", async () => {
        const cache = createUpstashSummaryCache({
          redis: { url: server.url, token: "not-the-token" },
          ttlSeconds: 60,
          keyPrefix,
        });
        const read = await cache.read("t", "c");
        expect(read).toMatchObject({
          ok: false,
          error: { code: "cache_unavailable", message: expect.stringMatching(/Unauthorized/) },
        });
      });

      it.skipIf(backend !== "redis")("reports a key of another Redis type as cache_corrupt", async () => {
        const summary = sampleSummary();
        await raw.hset(summaryCacheKey(summary.tenantId, summary.customerId, keyPrefix), { field: "value" });
        const cache = createUpstashSummaryCache({
          redis: { url: server.url, token: server.token },
          ttlSeconds: 60,
          keyPrefix,
        });
        expect(await cache.read(summary.tenantId, summary.customerId)).toMatchObject({
          ok: false,
          error: { code: "cache_corrupt" },
        });
        expect(await cache.publish(summary)).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
      });
    },
  );
}

describe("Upstash summary cache failures", () => {
  let junk: Server;
  let junkUrl: string;

  beforeAll(async () => {
    junk = createServer((_request, response) => response.end("<html>not an Upstash reply</html>"));
    await new Promise<void>((resolve) => junk.listen(0, "127.0.0.1", resolve));
    junkUrl = `http://127.0.0.1:${(junk.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => junk.close(() => resolve())));

  it("answers cache_unavailable, never throwing, when the URL is unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cache = createUpstashSummaryCache({
      redis: { url: `http://127.0.0.1:${port}`, token: "token" },
      ttlSeconds: 60,
    });
    const summary = sampleSummary();
    for (const result of [await cache.publish(summary), await cache.read("t", "c"), await cache.remove("t", "c")]) {
      expect(result).toMatchObject({ ok: false, error: { code: "cache_unavailable" } });
    }
  });

  it("answers cache_unavailable when the cache does not answer within the timeout", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const cache = createUpstashSummaryCache({
      redis: { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token: "token" },
      ttlSeconds: 60,
      timeoutMs: 100,
    });
    const started = Date.now();
    expect(await cache.read("t", "c")).toMatchObject({ ok: false, error: { code: "cache_unavailable" } });
    expect(Date.now() - started).toBeLessThan(2_000);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("answers cache_corrupt when the cache replies with something that is not JSON", async () => {
    const cache = createUpstashSummaryCache({ redis: { url: junkUrl, token: "token" }, ttlSeconds: 60 });
    expect(await cache.read("t", "c")).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
  });

  it("answers cache_corrupt when the version-guarded set replies something other than 0 or 1", async () => {
    const requester: Requester = { request: async <TResult>() => ({ result: "surprise" as TResult }) };
    const redis = new Redis(requester);
    const cache = createUpstashSummaryCache({ redis, ttlSeconds: 60 });
    expect(await cache.publish(sampleSummary())).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
  });
});
