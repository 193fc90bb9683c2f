import { describe, expect, inject, it } from "vitest";
import type { DevServerEndpoint } from "../../test/support/upstash-dev-servers.js";
import { createUpstashChannelState } from "../channels/delivery/channel-state.js";
import { createWebRateLimiter } from "./web-rate-limits.js";

const servers = inject("upstashDevServers");
const backends: Array<[string, DevServerEndpoint | null]> = [
  ["memory", servers.memory],
  ["redis", servers.redis],
];
const NOW = new Date("2026-11-23T10:00:00.000Z");

for (const [backend, endpoint] of backends) {
  describe.skipIf(endpoint === null)(`web rate limits through @upstash/redis -> dev server (${backend})`, () => {
    it("share one count between limiters (isolates) on the same store", async () => {
      const run = crypto.randomUUID().slice(0, 8);
      const state = () =>
        createUpstashChannelState({
          url: endpoint!.url,
          token: endpoint!.token,
          keyPrefix: `${servers.keyPrefix}${run}:`,
        });
      const [a, b] = [
        createWebRateLimiter({ state: state(), now: () => NOW }),
        createWebRateLimiter({ state: state(), now: () => NOW }),
      ];
      const config = { rateLimits: { windowSeconds: 60, perVisitor: 2 } };
      const scope = { tenantId: "acme", visitorKeys: ["web-1"] };
      expect((await a.admit(scope, config)).ok).toBe(true);
      expect((await b.admit(scope, config)).ok).toBe(true);
      expect(await a.admit(scope, config)).toMatchObject({
        ok: false,
        error: { code: "rate_limited", retryAfterSeconds: 60 },
      });
    });

    it("admits the message (and logs) when the store is unreachable", async () => {
      const limiter = createWebRateLimiter({
        state: createUpstashChannelState({ url: "http://127.0.0.1:9", token: "x", timeoutMs: 200 }),
        now: () => NOW,
      });
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void errors.push(args);
      try {
        expect((await limiter.admit({ tenantId: "acme", visitorKeys: ["v"] })).ok).toBe(true);
      } finally {
        console.error = original;
      }
      expect(String(errors[0])).toContain("web rate limit not counted");
    });
  });
}
