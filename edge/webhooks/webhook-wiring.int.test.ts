import {
  createExecutionContext,
  createMessageBatch,
  env as testEnv,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, inject, it, vi } from "vitest";
import { CHANNEL_DEAD_LETTER_QUEUE } from "../channels/channel-runtime.js";
import { signedWebhook, testChannelsConfig, textWebhookBody } from "../channels/testing/channel-test-kit.js";
import { dedupeKey, type ChannelJob } from "../channels/processing/channel-job.js";
import worker from "../index.js";

const servers = inject("upstashDevServers");

/** The Worker's env with channels configured: the test pool's bindings (its real Queue producer) plus the secrets. */
const env: Env = {
  ...testEnv,
  UPSTASH_REDIS_REST_URL: servers.memory.url,
  UPSTASH_REDIS_REST_TOKEN: servers.memory.token,
  EDGE_ROUTING: "",
  EDGE_MODEL_PINS: "",
  CHANNELS_CONFIG: JSON.stringify({ ...testChannelsConfig(), tenants: { acme: testChannelsConfig().tenants.acme } }),
};

const job: ChannelJob = {
  kind: "message",
  channel: "telegram",
  replyTo: { chatId: "42", messageId: "7" },
  message: {
    tenantId: "acme",
    channel: "telegram",
    conversationId: "tg-42",
    customerId: "tg-42",
    channelMessageId: `42_${crypto.randomUUID().slice(0, 8)}`,
    text: "hello",
    receivedAt: "2026-11-24T10:00:00.000Z",
    correlationId: "wiring-1",
  },
};

describe("edge Worker with CHANNELS_CONFIG (composition root)", () => {
  it("mounts the webhook routes, claims in the configured Upstash store, queues to CHANNEL_QUEUE", async () => {
    const messageId = Date.now() % 1e8;
    const webhook = await signedWebhook(
      "telegram",
      "acme",
      textWebhookBody("telegram", String(messageId), "hello from the wiring test"),
    );
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`http://edge.test${webhook.path}`, webhook.init), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Frontdesk-Queued")).toBe("1");
    // The claim is marked `queued` after the response, in waitUntil.
    const redis = new Redis({
      url: servers.memory.url,
      token: servers.memory.token,
      enableTelemetry: false,
      automaticDeserialization: false,
    });
    expect(await redis.get(dedupeKey("acme", "telegram", `155512345_${messageId}`))).toBe("queued");
    const unsigned = await worker.fetch(
      new Request(`http://edge.test${webhook.path}`, { method: "POST", body: webhook.init.body }),
      env,
      createExecutionContext(),
    );
    expect(unsigned.status).toBe(401);
  });

  // The first job loads the shipped intent model (the same routing as POST /v1/chat), which takes seconds.
  it("retries a job of the work queue while central is unreachable", { timeout: 60_000 }, async () => {
    const batch = createMessageBatch<ChannelJob>("frontdesk-channel-jobs", [
      { id: "m-1", timestamp: new Date(), attempts: 1, body: job },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "m-1" })]);
  });

  it("keeps a dead-lettered job (retried) when central cannot even record its failure, and logs it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const batch = createMessageBatch<ChannelJob>(CHANNEL_DEAD_LETTER_QUEUE, [
      { id: "m-2", timestamp: new Date(), attempts: 3, body: job },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "m-2" })]);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining(`dead-lettered channel job acme/telegram/${job.message.channelMessageId} (attempt 3)`),
    );
    logged.mockRestore();
  });

  it("retries every job later when channels are not configured rather than dropping them", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const batch = createMessageBatch<ChannelJob>("frontdesk-channel-jobs", [
      { id: "m-3", timestamp: new Date(), attempts: 1, body: job },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, CHANNELS_CONFIG: "" });
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch).toMatchObject({ retry: true });
    logged.mockRestore();
  });
});
