import { describe, expect, inject, it } from "vitest";
import type { DevServerEndpoint } from "../../test/support/upstash-dev-servers.js";
import { createUpstashChannelState } from "../channels/delivery/channel-state.js";
import { channelHarness, signedWebhook, textWebhookBody } from "../channels/testing/channel-test-kit.js";

const servers = inject("upstashDevServers");
const backends: Array<[string, DevServerEndpoint | null]> = [
  ["memory", servers.memory],
  ["redis", servers.redis],
];
const STORM = 1000;

for (const [backend, endpoint] of backends) {
  describe.skipIf(endpoint === null)(
    `duplicate storm through @upstash/redis -> dev server (${backend} backend)`,
    () => {
      it(
        `processes and answers the same delivery sent ${STORM} times concurrently exactly once`,
        { timeout: 120_000 },
        async () => {
          const run = crypto.randomUUID().slice(0, 8);
          const state = createUpstashChannelState({
            url: endpoint!.url,
            token: endpoint!.token,
            keyPrefix: `${servers.keyPrefix}${run}:`,
            timeoutMs: 30_000,
          });
          const kit = channelHarness({ state });
          const webhook = await signedWebhook(
            "whatsapp",
            "acme",
            textWebhookBody("whatsapp", `storm${run}`, "Cancel my order please"),
          );
          const responses = await Promise.all(Array.from({ length: STORM }, () => kit.post(webhook)));
          expect(responses.map((response) => response.status)).toEqual(Array.from({ length: STORM }, () => 200));
          const queued = responses.map((response) => response.headers.get("X-Frontdesk-Queued"));
          expect(queued.filter((count) => count === "1")).toHaveLength(1);
          expect(kit.queued).toHaveLength(1);
          expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
          expect(kit.central.received).toHaveLength(1);
          expect(kit.platforms.sent).toHaveLength(1);
          expect(kit.platforms.requests("whatsapp")).toBe(1);
          expect(kit.outcomes.outcomes.map((outcome) => outcome.type)).toEqual(["channel.reply_delivered"]);
        },
      );

      it("sends one reply when a job is consumed twice at once (a redelivery racing the first run)", async () => {
        const run = crypto.randomUUID().slice(0, 8);
        const state = createUpstashChannelState({
          url: endpoint!.url,
          token: endpoint!.token,
          keyPrefix: `${servers.keyPrefix}${run}:`,
        });
        const kit = channelHarness({ state });
        await kit.post(await signedWebhook("telegram", "acme", textWebhookBody("telegram", "8001", "hello?")));
        kit.queued.push(structuredClone(kit.queued[0]!));
        const result = await kit.drain();
        expect(result.acked + result.retried.length).toBe(2);
        await kit.drain();
        expect(kit.platforms.sent).toHaveLength(1);
      });
    },
  );
}

describe("webhooks when the de-duplication store is down", () => {
  it("answers 503 channel_unavailable (the platform redelivers) and queues nothing", async () => {
    const kit = channelHarness({
      state: createUpstashChannelState({ url: "http://127.0.0.1:9", token: "unused-token", timeoutMs: 500 }),
    });
    const response = await kit.post(
      await signedWebhook("telegram", "acme", textWebhookBody("telegram", "8101", "hello?")),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "channel_unavailable" });
    expect(kit.queued).toHaveLength(0);
  });
});
