import { describe, expect, it } from "vitest";
import { createFakeCentralClient, fakeReplyEvents } from "../../central-client/fake-central-client.js";
import { createInMemoryChannelState } from "../delivery/channel-state.js";
import { sendKey } from "./channel-job.js";
import { channelHarness, signedWebhook, textWebhookBody } from "../testing/channel-test-kit.js";

async function oneQueuedMessage(kit: ReturnType<typeof channelHarness>, id = "5001") {
  const response = await kit.post(
    await signedWebhook("telegram", "acme", textWebhookBody("telegram", id, "Is the shop open on Sunday?")),
  );
  expect(response.status).toBe(200);
}

describe("channel job processing after the ack", () => {
  it("retries a job whose turn failed (central down) and then answers it exactly once", async () => {
    const kit = channelHarness();
    let centralUp = false;
    kit.processor.central = createFakeCentralClient((message) =>
      centralUp
        ? { events: fakeReplyEvents(message, ["Yes, 10 to 4."]) }
        : { failure: { code: "central_unavailable", message: "connection refused" } },
    );
    await oneQueuedMessage(kit);
    const first = await kit.drain();
    expect(first.acked).toBe(0);
    expect(first.retried).toEqual([{ delaySeconds: 5 }]);
    expect(kit.platforms.sent).toHaveLength(0);
    expect(kit.outcomes.outcomes).toHaveLength(0);
    centralUp = true;
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.sent.map((sent) => sent.text)).toEqual(["Yes, 10 to 4."]);
    expect(kit.outcomes.outcomes.map((outcome) => outcome.type)).toEqual(["channel.reply_delivered"]);
  });

  it("records a job still failing on the dead-letter pass as channel.reply_failed (visible, not dropped)", async () => {
    const kit = channelHarness();
    kit.processor.central = createFakeCentralClient({
      failure: { code: "central_timeout", message: "no answer within 2000 ms" },
    });
    await oneQueuedMessage(kit);
    expect((await kit.drain("work")).retried).toHaveLength(1);
    expect(await kit.drain("dead_letter")).toEqual({ acked: 1, retried: [] });
    expect(kit.outcomes.outcomes).toEqual([
      expect.objectContaining({
        type: "channel.reply_failed",
        data: expect.objectContaining({
          reason: "turn_failed",
          detail: "central_timeout: no answer within 2000 ms",
          channel: "telegram",
        }),
      }),
    ]);
  });

  it("retries 429 and 5xx from the platform honouring Retry-After, and reports the attempts", async () => {
    const kit = channelHarness();
    const waits: number[] = [];
    kit.processor.http = (await import("../delivery/platform-http.js")).createPlatformHttp({
      fetch: kit.platforms.fetch,
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
    });
    kit.platforms.failNext(
      "telegram",
      {
        status: 429,
        headers: { "Retry-After": "2" },
        body: '{"ok":false,"error_code":429,"parameters":{"retry_after":2}}',
      },
      { status: 502 },
    );
    await oneQueuedMessage(kit);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(waits).toEqual([2000, 500]);
    expect(kit.platforms.requests("telegram")).toBe(3);
    expect(kit.platforms.sent).toHaveLength(1);
    expect(kit.outcomes.outcomes[0]).toMatchObject({ type: "channel.reply_delivered", data: { attempts: 3 } });
  });

  it("hands a Retry-After longer than it waits back to the queue as the retry delay, then sends once", async () => {
    const kit = channelHarness();
    kit.platforms.failNext("telegram", {
      status: 429,
      body:
        '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 120",' +
        '"parameters":{"retry_after":120}}',
    });
    await oneQueuedMessage(kit);
    expect(await kit.drain()).toEqual({ acked: 0, retried: [{ delaySeconds: 120 }] });
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.sent).toHaveLength(1);
  });

  it("records a reply the platform refuses (4xx) as failed without retrying it", async () => {
    const kit = channelHarness();
    kit.platforms.failNext("telegram", {
      status: 403,
      body: '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}',
    });
    await oneQueuedMessage(kit);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.requests("telegram")).toBe(1);
    expect(kit.outcomes.outcomes[0]).toMatchObject({
      type: "channel.reply_failed",
      data: { reason: "platform_rejected", detail: "HTTP 403 (403)" },
    });
  });

  it("does not send again when only recording the outcome failed: the retry records what was sent", async () => {
    const kit = channelHarness();
    await oneQueuedMessage(kit);
    kit.outcomes.failing = true;
    expect((await kit.drain()).retried).toHaveLength(1);
    expect(kit.platforms.sent).toHaveLength(1);
    kit.outcomes.failing = false;
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.sent).toHaveLength(1);
    expect(kit.outcomes.outcomes).toEqual([
      expect.objectContaining({ type: "channel.reply_delivered", data: expect.objectContaining({ attempts: 1 }) }),
    ]);
  });

  it("never resends a reply whose earlier send never reported back; it is recorded as delivery_unknown", async () => {
    let clock = new Date("2026-11-24T10:00:00Z");
    const kit = channelHarness({ now: () => clock });
    await oneQueuedMessage(kit);
    // An earlier run claimed the send and died before recording anything.
    const job = kit.queued[0];
    if (job?.kind !== "message") throw new Error("expected a queued message");
    const key = sendKey("acme", "telegram", job.message.channelMessageId);
    await kit.processor.state.claim(key, JSON.stringify({ state: "sending", at: clock.getTime() }), 3600);
    expect((await kit.drain()).retried).toEqual([{ delaySeconds: 60 }]);
    clock = new Date(clock.getTime() + 61_000);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.sent).toHaveLength(0);
    expect(kit.outcomes.outcomes[0]).toMatchObject({
      type: "channel.reply_failed",
      data: { reason: "delivery_unknown" },
    });
  });

  it("sends the reply when the store client retried the send claim's SET NX after its first try wrote", async () => {
    const inner = createInMemoryChannelState();
    // The first try wrote the send claim but its answer was lost; the client's retry then finds the key taken.
    const claim: typeof inner.claim = async (key, value, ttlSeconds) => {
      const won = await inner.claim(key, value, ttlSeconds);
      return key.includes(":sent:") && won.ok ? { ok: true, value: false } : won;
    };
    const kit = channelHarness({ state: { ...inner, claim } });
    await oneQueuedMessage(kit);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.platforms.sent).toHaveLength(1);
    expect(kit.outcomes.outcomes.map((outcome) => outcome.type)).toEqual(["channel.reply_delivered"]);
  });

  it("holds replies to the tenant's per-channel rate, waiting for the next one-second window", async () => {
    let clock = new Date("2026-11-24T10:00:00.100Z");
    const kit = channelHarness({ now: () => clock });
    const { createSendRateLimiter } = await import("../delivery/rate-limiter.js");
    const waited: number[] = [];
    kit.processor.limiter = createSendRateLimiter({
      state: kit.processor.state,
      now: () => clock,
      sleep: async (ms) => {
        waited.push(ms);
        clock = new Date(clock.getTime() + ms);
      },
    });
    kit.processor.channels.tenants.acme!.telegram!.sendRatePerSecond = 2;
    for (const id of ["6001", "6002", "6003"]) await oneQueuedMessage(kit, id);
    expect(await kit.drain()).toEqual({ acked: 3, retried: [] });
    expect(kit.platforms.sent).toHaveLength(3);
    expect(waited).toEqual([900]);
  });

  it("drops a queued job no version can read, without retrying it forever", async () => {
    const kit = channelHarness();
    kit.queued.push({ kind: "message" } as never);
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    } finally {
      console.error = original;
    }
    expect(logged).toHaveLength(1);
  });
});
