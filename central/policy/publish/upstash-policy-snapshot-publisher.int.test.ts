import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policySnapshotCacheKey, type PolicySnapshotCacheEntry } from "../../../shared/policy-snapshot-cache.js";
import { deleteKeysWithPrefix, detectTestRedis, testKeyPrefix } from "../../../test/support/redis.js";
import { launchUpstashDevServer } from "../../../tools/upstash-dev-server/launch.js";
import type { RunningUpstashDevServer } from "../../../tools/upstash-dev-server/server.js";
import { createInMemoryPolicySnapshotPublisher } from "./in-memory-policy-snapshot-publisher.js";
import type { PolicySnapshotPublisher } from "./policy-snapshot-publisher.js";
import {
  createUpstashPolicySnapshotPublisher,
  POLICY_SNAPSHOT_TTL_SECONDS,
} from "./upstash-policy-snapshot-publisher.js";

const testRedis = await detectTestRedis();

function entry(tenantId: string, sequence: number, version: number): PolicySnapshotCacheEntry {
  return {
    version: sequence,
    snapshot: {
      tenantId,
      version,
      activatedAt: "2026-11-24T02:00:00.000Z",
      routing: {
        thresholds: { answerLocally: 0.7, handoff: 0.5 },
        answers: {},
        handoffIntents: [],
        handoffText: "A person will take over.",
      },
    },
  };
}

function describePublisher(name: string, make: () => PolicySnapshotPublisher) {
  describe(`policy snapshot publisher: ${name}`, () => {
    const tenant = () => `t-${crypto.randomUUID().slice(0, 8)}`;

    it("stores a newer activation and refuses an equal or older one, keeping the newer", async () => {
      const publisher = make();
      const tenantId = tenant();
      expect(await publisher.publish(entry(tenantId, 4, 2))).toEqual({ ok: true, value: { stored: true } });
      expect(await publisher.publish(entry(tenantId, 4, 3))).toEqual({ ok: true, value: { stored: false } });
      expect(await publisher.publish(entry(tenantId, 2, 1))).toEqual({ ok: true, value: { stored: false } });
      expect(await publisher.publish(entry(tenantId, 5, 1))).toEqual({ ok: true, value: { stored: true } });
      expect(await publisher.read(tenantId)).toEqual({ ok: true, value: entry(tenantId, 5, 1) });
    });

    it("never regresses under concurrent publishes from several clients: the highest activation wins", async () => {
      const tenantId = tenant();
      const clients = Array.from({ length: 6 }, make);
      const sequences = Array.from({ length: 30 }, (_unused, index) => index + 1).sort(() => Math.random() - 0.5);
      await Promise.all(
        sequences.map((sequence, index) =>
          clients[index % clients.length]!.publish(entry(tenantId, sequence, sequence)),
        ),
      );
      const read = await make().read(tenantId);
      expect(read.ok && read.value?.version).toBe(30);
    });

    it("reads null for a tenant with nothing published", async () => {
      expect(await make().read(tenant())).toEqual({ ok: true, value: null });
    });
  });
}

describePublisher(
  "in memory",
  (() => {
    const entries = new Map<string, string>();
    return () => createInMemoryPolicySnapshotPublisher(entries);
  })(),
);

for (const backend of ["memory", "redis"] as const) {
  describe.skipIf(backend === "redis" && !testRedis.reachable)(
    `Upstash policy publisher → dev server (${backend} backend)`,
    () => {
      const keyPrefix = testKeyPrefix(`policy-${backend}`);
      let server: RunningUpstashDevServer;
      beforeAll(async () => {
        const started = await launchUpstashDevServer({ backend, redisUrl: testRedis.url });
        if (!started.ok) throw new Error(started.error.message);
        server = started.value;
      });
      afterAll(async () => {
        await server?.close();
        if (backend === "redis") await deleteKeysWithPrefix(testRedis.url, keyPrefix);
      });

      describePublisher(`Upstash, ${backend} backend`, () =>
        createUpstashPolicySnapshotPublisher({ redis: { url: server.url, token: server.token }, keyPrefix }),
      );

      it("stores the entry as JSON under <prefix>policy:<tenant> with a TTL of about ten years", async () => {
        const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;
        await createUpstashPolicySnapshotPublisher({
          redis: { url: server.url, token: server.token },
          keyPrefix,
        }).publish(entry(tenantId, 2, 1));
        const raw = new Redis({
          url: server.url,
          token: server.token,
          enableTelemetry: false,
          automaticDeserialization: false,
        });
        const key = policySnapshotCacheKey(tenantId, keyPrefix);
        expect(JSON.parse((await raw.get<string>(key))!)).toEqual(entry(tenantId, 2, 1));
        expect(await raw.ttl(key)).toBeGreaterThan(POLICY_SNAPSHOT_TTL_SECONDS - 60);
      });

      it("reports an unreachable cache as cache_unavailable", async () => {
        const publisher = createUpstashPolicySnapshotPublisher({
          redis: { url: "http://127.0.0.1:9", token: "t" },
          timeoutMs: 300,
        });
        expect(await publisher.publish(entry("acme", 1, 1))).toMatchObject({
          ok: false,
          error: { code: "cache_unavailable" },
        });
      });
    },
  );
}
