import { describe, expect, inject, it } from "vitest";
import type { DevServerEndpoint } from "../../../test/support/upstash-dev-servers.js";
import { createUpstashChannelState } from "./channel-state.js";

const servers = inject("upstashDevServers");
const backends: Array<[string, DevServerEndpoint | null]> = [
  ["memory", servers.memory],
  ["redis", servers.redis],
];

for (const [backend, endpoint] of backends) {
  describe.skipIf(endpoint === null)(`channel state through @upstash/redis -> dev server (${backend} backend)`, () => {
    it("counts a rate window across calls (INCR and EXPIRE in one transaction) and keeps counters apart", async () => {
      const run = crypto.randomUUID().slice(0, 8);
      const state = createUpstashChannelState({
        url: endpoint!.url,
        token: endpoint!.token,
        keyPrefix: `${servers.keyPrefix}${run}:`,
      });
      expect(await state.increment("rate:acme:telegram:1", 5)).toEqual({ ok: true, value: 1 });
      expect(await state.increment("rate:acme:telegram:1", 5)).toEqual({ ok: true, value: 2 });
      expect(await state.increment("rate:acme:telegram:2", 5)).toEqual({ ok: true, value: 1 });
    });
  });
}
