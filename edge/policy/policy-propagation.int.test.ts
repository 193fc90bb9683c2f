import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, inject, it } from "vitest";
import { VERSION_GUARDED_SET_LUA } from "../../shared/version-guarded-set.js";
import { chatReplySchema } from "../../shared/chat-api.js";
import { edgeRoutingSchema } from "../../shared/edge-routing.js";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { policySnapshotCacheKey, type PolicySnapshotCacheEntry } from "../../shared/policy-snapshot-cache.js";
import type { DevServerEndpoint } from "../../test/support/upstash-dev-servers.js";
import { createEdgeApp } from "../app.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { postChat, TEST_NOW } from "../chat/testing/chat-helpers.js";
import { createFakeIntentClassifier } from "../intent/fake-intent-classifier.js";
import { createPolicySnapshots } from "./policy-snapshots.js";
import { createUpstashPolicySnapshotReader } from "./upstash-policy-snapshot-reader.js";

const servers = inject("upstashDevServers");
const keyPrefix = servers.keyPrefix;
const backends: Array<[string, DevServerEndpoint | null]> = [
  ["memory", servers.memory],
  ["redis", servers.redis],
];

const routing = edgeRoutingSchema.parse({
  default: { answers: { greeting: "Hello from EDGE_ROUTING" }, handoffIntents: ["report_fraud"] },
});
const byText = (text: string) =>
  text.startsWith("hello")
    ? { intent: "greeting", confidence: 0.9, outOfScope: false, modelVersion: "m-1" }
    : { intent: "balance", confidence: 0.95, outOfScope: false, modelVersion: "m-1" };

function entry(
  tenantId: string,
  sequence: number,
  version: number,
  extra: { handoffIntents?: string[] } = {},
): PolicySnapshotCacheEntry {
  return {
    version: sequence,
    snapshot: {
      tenantId,
      version,
      activatedAt: "2026-11-24T02:00:00.000Z",
      routing: {
        thresholds: { answerLocally: 0.7, handoff: 0.5 },
        answers: { greeting: `Hello from policy v${version}` },
        handoffIntents: extra.handoffIntents ?? [],
        handoffText: `Policy v${version}: a person will take over.`,
      },
    },
  };
}

for (const [backend, endpoint] of backends) {
  describe.skipIf(endpoint === null)(
    `policy propagation through the edge cache in workerd (${backend} backend)`,
    () => {
      const server = endpoint!;
      const redis = new Redis({
        url: server.url,
        token: server.token,
        enableTelemetry: false,
        automaticDeserialization: false,
      });
      /** What central's Upstash publisher does on activation: the version-guarded write of the entry. */
      const publish = (value: PolicySnapshotCacheEntry) =>
        redis.eval(
          VERSION_GUARDED_SET_LUA,
          [policySnapshotCacheKey(value.snapshot.tenantId, keyPrefix)],
          [JSON.stringify(value), String(value.version), "3600"],
        );

      function edge(refreshMs: number) {
        const central = createFakeCentralClient((message) => ({
          events: fakeReplyEvents(message, [message.route?.reply?.text ?? "from the model"]),
        }));
        const reader = createUpstashPolicySnapshotReader({
          redis: { url: server.url, token: server.token },
          keyPrefix,
        });
        let next = 0;
        const app = createEdgeApp({
          central,
          now: () => TEST_NOW,
          newId: () => `id-${++next}`,
          routing: {
            intents: { versions: ["m-1"], forTenant: () => createFakeIntentClassifier(byText) },
            routing,
            policies: createPolicySnapshots(reader, { refreshMs }),
          },
        });
        const chat = async (tenantId: string, text: string) => {
          const reply = chatReplySchema.parse(await (await postChat(app, { tenantId, text })).json());
          const sent = inboundMessageSchema.parse(central.received.at(-1));
          return { reply, sent };
        };
        return { chat };
      }

      it("uses EDGE_ROUTING until a policy is published, then the active snapshot, recording its version", async () => {
        const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;
        const { chat } = edge(0);
        const before = await chat(tenantId, "hello");
        expect(before.reply.reply.text).toBe("Hello from EDGE_ROUTING");
        expect(before.reply.edge?.policyVersion).toBeUndefined();
        expect(before.sent.route?.policyVersion).toBeUndefined();

        expect(await publish(entry(tenantId, 2, 1))).toBe(1);
        const after = await chat(tenantId, "hello");
        expect(after.reply.reply.text).toBe("Hello from policy v1");
        expect(after.reply.edge?.policyVersion).toBe(1);
        expect(after.sent.route).toMatchObject({
          route: "answer_locally",
          policyVersion: 1,
          reply: { text: "Hello from policy v1" },
        });
      });

      it("follows activations and rollbacks in activation order, and ignores a stale publish", async () => {
        const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;
        const { chat } = edge(0);
        await publish(entry(tenantId, 2, 1));
        await publish(entry(tenantId, 4, 2, { handoffIntents: ["balance"] }));
        const v2 = await chat(tenantId, "what is my balance");
        expect(v2.reply.edge).toMatchObject({
          route: { route: "handoff", reason: "handoff_intent" },
          policyVersion: 2,
        });
        expect(v2.reply.reply.text).toBe("Policy v2: a person will take over.");
        await publish(entry(tenantId, 5, 1)); // rollback to v1: a newer activation of an older version
        expect((await chat(tenantId, "what is my balance")).reply.edge).toMatchObject({
          route: { route: "forward" },
          policyVersion: 1,
        });
        expect(await publish(entry(tenantId, 4, 2))).toBe(0); // a late duplicate of the older activation is refused
        expect((await chat(tenantId, "hello")).reply.reply.text).toBe("Hello from policy v1");
      });

      it("keeps tenants apart: another tenant's policy does not apply", async () => {
        const [a, b] = [`t-${crypto.randomUUID().slice(0, 8)}`, `t-${crypto.randomUUID().slice(0, 8)}`];
        const { chat } = edge(0);
        await publish(entry(a, 2, 7));
        expect((await chat(a, "hello")).reply.reply.text).toBe("Hello from policy v7");
        expect((await chat(b, "hello")).reply.reply.text).toBe("Hello from EDGE_ROUTING");
      });

      it("reports an invalid snapshot, or another tenant's, as corrupt and keeps the EDGE_ROUTING rules", async () => {
        const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;
        const reader = createUpstashPolicySnapshotReader({
          redis: { url: server.url, token: server.token },
          keyPrefix,
        });
        for (const raw of ["{oops", JSON.stringify({ version: 3 }), JSON.stringify(entry("someone-else", 3, 1))]) {
          await redis.set(policySnapshotCacheKey(tenantId, keyPrefix), raw, { ex: 60 });
          expect(await reader.read(tenantId)).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
        }
        expect((await edge(0).chat(tenantId, "hello")).reply.reply.text).toBe("Hello from EDGE_ROUTING");
      });
    },
  );
}

describe("policy snapshot reader without a reachable cache", () => {
  it("answers cache_unavailable as a value, and the edge keeps routing with EDGE_ROUTING", async () => {
    const reader = createUpstashPolicySnapshotReader({
      redis: { url: "http://127.0.0.1:9", token: "t" },
      timeoutMs: 200,
    });
    expect(await reader.read("acme")).toMatchObject({ ok: false, error: { code: "cache_unavailable" } });
  });
});
