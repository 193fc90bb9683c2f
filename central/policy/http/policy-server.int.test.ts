import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/support/temp-dir.js";
import { launchUpstashDevServer } from "../../../tools/upstash-dev-server/launch.js";
import type { RunningUpstashDevServer } from "../../../tools/upstash-dev-server/server.js";
import { tokenSha256 } from "../../auth/index.js";
import { loadConfig } from "../../config.js";
import { startCentral, type CentralServer } from "../../server.js";
import { createPolicyAdminClient } from "../cli/policy-admin-client.js";
import { readDemoPolicy, seedPolicy } from "../cli/seed-policy.js";
import { createUpstashPolicySnapshotPublisher } from "../publish/upstash-policy-snapshot-publisher.js";
import { testPolicy } from "../testing/policy-documents.js";

const ROOT = "admin-token-0123456789abcdef";
const ACME_WRITER = "acme-policy-writer-token-0123";
const ACME_READER = "acme-reader-token-0123456789";

let server: CentralServer;
let cache: RunningUpstashDevServer;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  const started = await launchUpstashDevServer({ backend: "memory" });
  if (!started.ok) throw new Error(started.error.message);
  cache = started.value;
  const config = loadConfig({
    CENTRAL_PORT: "0",
    FRONTDESK_DATA_DIR: dir.path,
    ADMIN_TOKEN: ROOT,
    ADMIN_TOKENS: JSON.stringify([
      { id: "acme-writer", tokenSha256: tokenSha256(ACME_WRITER), tenantId: "acme", scopes: ["policy:write", "read"] },
      { id: "acme-reader", tokenSha256: tokenSha256(ACME_READER), tenantId: "acme", scopes: ["read"] },
    ]),
    EDGE_TOKEN: "edge-token-0123456789abcdef",
    UPSTASH_REDIS_REST_URL: cache.url,
    UPSTASH_REDIS_REST_TOKEN: cache.token,
  });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  server = await startCentral(config.value, { log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await cache?.close();
  await removeDir?.();
});

describe("central's policy API over real HTTP, on PGlite, publishing to the Upstash dev server", () => {
  const edgeCache = () => createUpstashPolicySnapshotPublisher({ redis: { url: cache.url, token: cache.token } });

  it("pushes, activates with a scoped token; the snapshot lands where the edge reads it and in the store", async () => {
    const client = createPolicyAdminClient({ url: server.url, token: ACME_WRITER });
    expect(await client.push("acme", testPolicy("acme", 1))).toMatchObject({
      ok: true,
      value: { version: 1, alreadyPushed: false },
    });
    expect(await client.activate("acme", 1, "launch")).toMatchObject({
      ok: true,
      value: { activeVersion: 1, published: { ok: true, stored: true } },
    });
    const cached = await edgeCache().read("acme");
    expect(cached.ok && cached.value).toMatchObject({
      version: 2,
      snapshot: { tenantId: "acme", version: 1, routing: { answers: { greeting: "Hello from policy v1" } } },
    });
    expect((await server.policies.activePolicy("acme"))?.version).toBe(1);
  });

  it("answers 403 for a read-only token pushing or another tenant's token, and 401 without a known token", async () => {
    const reader = createPolicyAdminClient({ url: server.url, token: ACME_READER });
    expect(await reader.push("acme", testPolicy("acme", 2))).toMatchObject({
      ok: false,
      error: { code: "problem", status: 403, problem: { code: "forbidden" } },
    });
    const writer = createPolicyAdminClient({ url: server.url, token: ACME_WRITER });
    expect(await writer.list("globex")).toMatchObject({
      ok: false,
      error: { status: 403, problem: { code: "forbidden" } },
    });
    const stranger = createPolicyAdminClient({ url: server.url, token: "not-a-token-0123456789" });
    expect(await stranger.list("acme")).toMatchObject({
      ok: false,
      error: { status: 401, problem: { code: "unauthorized" } },
    });
    expect(await reader.list("acme")).toMatchObject({ ok: true, value: { activeVersion: 1 } });
  });

  it("seeds the demo policy once (what npm start does) and republishes it on the next start", async () => {
    const client = createPolicyAdminClient({ url: server.url, token: ROOT });
    expect(await seedPolicy(client, await readDemoPolicy())).toEqual({
      ok: true,
      value: { seeded: true, version: 1, published: true },
    });
    expect(await seedPolicy(client, await readDemoPolicy())).toEqual({
      ok: true,
      value: { seeded: false, activeVersion: 1, published: true },
    });
    const cached = await edgeCache().read("demo");
    expect(cached.ok && cached.value?.snapshot.version).toBe(1);
  });
});
