import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, inject, it } from "vitest";
import { summaryCacheKey } from "../../shared/summary-cache-entry.js";
import type { DevServerEndpoint } from "../../test/support/upstash-dev-servers.js";
import { withMonotonicReads } from "./monotonic-summary-reader.js";
import { sampleSummary } from "./testing/summary-helpers.js";
import { createUpstashSummaryReader } from "./upstash-summary-reader.js";

const servers = inject("upstashDevServers");
const keyPrefix = servers.keyPrefix;
const backends: Array<[string, DevServerEndpoint | null]> = [
  ["memory", servers.memory],
  ["redis", servers.redis],
];

for (const [backend, endpoint] of backends) {
  describe.skipIf(endpoint === null)(`Upstash summary reader in workerd -> dev server (${backend} backend)`, () => {
    const server = endpoint!;
    const writer = () =>
      new Redis({ url: server.url, token: server.token, enableTelemetry: false, automaticDeserialization: false });
    const reader = () => createUpstashSummaryReader({ redis: { url: server.url, token: server.token }, keyPrefix });

    it("reads and validates a summary stored as JSON under central's key", async () => {
      const summary = sampleSummary({ version: 12 });
      await writer().set(summaryCacheKey(summary.tenantId, summary.customerId, keyPrefix), JSON.stringify(summary), {
        ex: 60,
      });
      expect(await reader().read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: summary });
    });

    it("reads null for an absent customer", async () => {
      expect(await reader().read("t-none", `c-${crypto.randomUUID()}`)).toEqual({ ok: true, value: null });
    });

    it("reports a value that is not a valid summary, or another customer's, as cache_corrupt", async () => {
      const summary = sampleSummary();
      const key = summaryCacheKey(summary.tenantId, summary.customerId, keyPrefix);
      for (const raw of [
        "{oops",
        JSON.stringify({ ...summary, version: -1 }),
        JSON.stringify({ ...summary, customerId: "other" }),
      ]) {
        await writer().set(key, raw, { ex: 60 });
        const read = await reader().read(summary.tenantId, summary.customerId);
        expect(read).toMatchObject({ ok: false, error: { code: "cache_corrupt" } });
        if (!read.ok) expect(read.error.message).not.toContain("Zoë");
      }
    });

    it("never returns an older summary than one already returned in this isolate", async () => {
      const monotonic = withMonotonicReads(reader());
      const summary = sampleSummary({ version: 7 });
      const key = summaryCacheKey(summary.tenantId, summary.customerId, keyPrefix);
      await writer().set(key, JSON.stringify(summary), { ex: 60 });
      expect(await monotonic.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: summary });
      await writer().set(key, JSON.stringify({ ...summary, version: 6 }), { ex: 60 });
      expect(await monotonic.read(summary.tenantId, summary.customerId)).toEqual({ ok: true, value: summary });
    });

    it("answers cache_unavailable for a wrong token", async () => {
      const wrong = createUpstashSummaryReader({ redis: { url: server.url, token: "not-the-token" }, keyPrefix });
      expect(await wrong.read("t", "c")).toMatchObject({
        ok: false,
        error: { code: "cache_unavailable", message: expect.stringMatching(/Unauthorized/) },
      });
    });
  });
}

describe("Upstash summary reader failures in workerd", () => {
  it("answers cache_unavailable, never throwing, when the cache cannot be reached", async () => {
    const unreachable = createUpstashSummaryReader({
      redis: { url: "http://127.0.0.1:1", token: "token" },
      timeoutMs: 300,
    });
    expect(await unreachable.read("t", "c")).toMatchObject({ ok: false, error: { code: "cache_unavailable" } });
  });
});
