import { describe, expect, it } from "vitest";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { channelHarness, signedWebhook, textWebhookBody } from "../channels/testing/channel-test-kit.js";
import { dedupeKey } from "../channels/processing/channel-job.js";
import { PENDING_TAKEOVER_MS } from "./claim-and-enqueue.js";

const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];

describe.each(CHANNELS)("%s webhooks", (channel) => {
  it("verifies, parses, acknowledges, then answers via the platform once however often it is delivered", async () => {
    const kit = channelHarness();
    const webhook = await signedWebhook(channel, "acme", textWebhookBody(channel, "1001", "Where is my order?"));
    const first = await kit.post(webhook);
    expect(first.status).toBe(200);
    expect(first.headers.get("X-Frontdesk-Queued")).toBe("1");
    // The ack came before any work: nothing reached central or the platform yet.
    expect(kit.central.received).toHaveLength(0);
    expect(kit.platforms.sent).toHaveLength(0);

    const again = await kit.post(webhook);
    expect(again.status).toBe(200);
    expect(again.headers.get("X-Frontdesk-Duplicates")).toBe("1");
    expect(kit.queued).toHaveLength(1);

    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    expect(kit.central.received).toHaveLength(1);
    expect(kit.central.received[0]).toMatchObject({ tenantId: "acme", channel, text: "Where is my order?" });
    expect(kit.platforms.sent).toEqual([expect.objectContaining({ channel, text: "Thanks, we are on it." })]);
    expect(kit.outcomes.outcomes.map((outcome) => outcome.type)).toEqual(["channel.reply_delivered"]);
    expect(kit.outcomes.outcomes[0]?.data).toMatchObject({ channel, attempts: 1, platformReplyId: expect.any(String) });
  });

  it("refuses an unsigned or wrongly signed webhook with a 401 problem and processes nothing", async () => {
    const kit = channelHarness();
    const webhook = await signedWebhook(channel, "acme", textWebhookBody(channel, "1002", "hello"));
    const unsigned = {
      ...webhook,
      init: { ...webhook.init, headers: { "Content-Type": webhook.init.headers["Content-Type"]! } },
    };
    // Telegram signs nothing: its secret token is the credential, so a wrong token stands in for a changed body.
    const tampered =
      channel === "telegram"
        ? {
            ...webhook,
            init: {
              ...webhook.init,
              headers: { ...webhook.init.headers, "X-Telegram-Bot-Api-Secret-Token": "tg-secret-token-acme-0124" },
            },
          }
        : { ...webhook, init: { ...webhook.init, body: webhook.init.body.replace("hello", "hellO") } };
    for (const attempt of [unsigned, tampered]) {
      const response = await kit.post(attempt);
      expect(response.status).toBe(401);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({
        code: "webhook_signature_invalid",
        status: 401,
        instance: webhook.path,
      });
    }
    expect(kit.queued).toHaveLength(0);
  });

  it("never lets one tenant's secret validate another tenant's webhook", async () => {
    const kit = channelHarness();
    const signedForGlobex = await signedWebhook(
      channel,
      "globex",
      textWebhookBody(channel, "1003", "hello", undefined, "acme"),
    );
    const response = await kit.post({ ...signedForGlobex, path: signedForGlobex.path.replace("/globex", "/acme") });
    expect(response.status).toBe(401);
    expect(kit.queued).toHaveLength(0);
  });
});

describe("webhook routes", () => {
  it("answers 404 for a channel that does not exist", async () => {
    const kit = channelHarness();
    const response = await kit.app.request("/v1/webhooks/fax/acme", { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
    expect((await kit.app.request("/v1/webhooks/fax/acme")).status).toBe(404);
  });

  it("answers Meta's GET handshake with the challenge for the tenant's verify token only", async () => {
    const kit = channelHarness();
    const ok = await kit.app.request(
      "/v1/webhooks/whatsapp/acme?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wa-verify-acme",
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const otherTenant = await kit.app.request(
      "/v1/webhooks/whatsapp/acme?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wa-verify-globex",
    );
    expect(otherTenant.status).toBe(401);
    expect(
      (
        await kit.app.request(
          "/v1/webhooks/messenger/globex?hub.mode=subscribe&hub.challenge=7&hub.verify_token=fb-verify-globex",
        )
      ).status,
    ).toBe(200);
    expect((await kit.app.request("/v1/webhooks/telegram/acme")).status).toBe(405);
  });

  it("echoes Slack's url_verification challenge once the request is signed", async () => {
    const kit = channelHarness();
    const body = JSON.stringify({
      token: "legacy",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const response = await kit.post(await signedWebhook("slack", "acme", body));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(kit.queued).toHaveLength(0);
  });

  it("refuses a Slack request outside the replay window with 401 webhook_stale", async () => {
    const kit = channelHarness();
    const old = await signedWebhook(
      "slack",
      "acme",
      textWebhookBody("slack", "2001", "hi"),
      new Date(Date.now() - 6 * 60_000),
    );
    const response = await kit.post(old);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "webhook_stale" });
  });

  it("acknowledges a Slack retry (X-Slack-Retry-Num) of a message already taken, not processing it again", async () => {
    const kit = channelHarness();
    const body = textWebhookBody("slack", "2002", "hi there");
    expect((await kit.post(await signedWebhook("slack", "acme", body))).status).toBe(200);
    const retry = await signedWebhook("slack", "acme", body);
    retry.init.headers["X-Slack-Retry-Num"] = "1";
    retry.init.headers["X-Slack-Retry-Reason"] = "http_timeout";
    const response = await kit.post(retry);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Frontdesk-Duplicates")).toBe("1");
    await kit.drain();
    expect(kit.platforms.sent).toHaveLength(1);
  });

  it("acknowledges status callbacks, non-text messages and bot echoes, recording each as ignored", async () => {
    const kit = channelHarness();
    const statuses = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          changes: [
            {
              field: "messages",
              value: { statuses: [{ id: "wamid.S1", status: "delivered", recipient_id: "15551234567" }] },
            },
          ],
        },
      ],
    });
    const image = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          changes: [
            {
              field: "messages",
              value: { messages: [{ id: "wamid.I1", from: "15551234567", type: "image", image: { id: "media-1" } }] },
            },
          ],
        },
      ],
    });
    const sticker = JSON.stringify({
      update_id: 5,
      message: { message_id: 9, from: { id: 42, is_bot: false }, chat: { id: 42 }, sticker: { file_id: "x" } },
    });
    const botEcho = JSON.stringify({
      type: "event_callback",
      team_id: "T1",
      event_id: "EvBot",
      event: { type: "message", channel: "D1", text: "our reply", ts: "1.2", bot_id: "B1" },
    });
    const twilioStatus = new URLSearchParams({
      MessageSid: `SM${"1".repeat(32)}`,
      AccountSid: `ACa${"0".repeat(31)}`,
      From: "+15550001111",
      MessageStatus: "delivered",
    }).toString();
    for (const [channel, body] of [
      ["whatsapp", statuses],
      ["whatsapp", image],
      ["telegram", sticker],
      ["slack", botEcho],
      ["sms", twilioStatus],
    ] as const) {
      const response = await kit.post(await signedWebhook(channel, "acme", body));
      expect(response.status, channel).toBe(200);
      expect(response.headers.get("X-Frontdesk-Ignored"), channel).toBe("1");
    }
    expect(await kit.drain()).toEqual({ acked: 5, retried: [] });
    expect(kit.central.received).toHaveLength(0);
    expect(kit.platforms.sent).toHaveLength(0);
    expect(
      kit.outcomes.outcomes.map((outcome) =>
        outcome.type === "channel.webhook_ignored"
          ? `${outcome.data.channel}:${outcome.data.reason}:${outcome.data.kind}`
          : outcome.type,
      ),
    ).toEqual([
      "whatsapp:status_callback:statuses",
      "whatsapp:non_text_message:image",
      "telegram:non_text_message:message",
      "slack:own_message:bot_message",
      "sms:status_callback:delivered",
    ]);
  });

  it("claims each message of a batched delivery on its own: new ones are queued, one already seen is not", async () => {
    const kit = channelHarness();
    const message = (id: string, from: string) => ({
      from,
      id: `wamid.${id}`,
      type: "text",
      text: { body: `message ${id}` },
    });
    const batch = (ids: string[]) =>
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            changes: [
              { field: "messages", value: { messages: ids.map((id, index) => message(id, `1555000000${index}`)) } },
            ],
          },
        ],
      });
    expect(
      (await kit.post(await signedWebhook("whatsapp", "acme", batch(["B2"])))).headers.get("X-Frontdesk-Queued"),
    ).toBe("1");
    const response = await kit.post(await signedWebhook("whatsapp", "acme", batch(["B1", "B2", "B3", "B1"])));
    expect(response.headers.get("X-Frontdesk-Queued")).toBe("2");
    expect(response.headers.get("X-Frontdesk-Duplicates")).toBe("2");
    expect(await kit.drain()).toEqual({ acked: 3, retried: [] });
    expect(kit.platforms.sent.map((sent) => sent.text)).toHaveLength(3);
    expect(new Set(kit.central.received.map((received) => received.channelMessageId))).toEqual(
      new Set(["wamid.B1", "wamid.B2", "wamid.B3"]),
    );
  });

  it("answers Twilio with empty TwiML so Twilio sends nothing itself", async () => {
    const kit = channelHarness();
    const response = await kit.post(await signedWebhook("sms", "acme", textWebhookBody("sms", "3001", "STATUS?")));
    expect(response.headers.get("Content-Type")).toMatch(/^text\/xml/);
    expect(await response.text()).toContain("<Response></Response>");
  });

  it("answers 503 channel_unavailable, keeping no claim, if the queue refuses; a redelivery is processed", async () => {
    let queueDown = true;
    const kit = channelHarness({ queueFails: () => queueDown });
    const webhook = await signedWebhook("telegram", "acme", textWebhookBody("telegram", "4001", "anyone there?"));
    const refused = await kit.post(webhook);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe("30");
    expect(await refused.json()).toMatchObject({ code: "channel_unavailable" });
    queueDown = false;
    const redelivered = await kit.post(webhook);
    expect(redelivered.headers.get("X-Frontdesk-Queued")).toBe("1");
    await kit.drain();
    expect(kit.platforms.sent).toHaveLength(1);
  });

  it("takes over a claim left pending by a delivery that died before queueing, once older than 30 s", async () => {
    let clock = new Date("2026-11-24T10:00:00Z");
    const kit = channelHarness({ now: () => clock });
    const body = textWebhookBody("whatsapp", "4101", "still there?");
    const job = JSON.parse(body) as { entry: [{ changes: [{ value: { messages: [{ id: string }] } }] }] };
    const key = dedupeKey("acme", "whatsapp", job.entry[0].changes[0].value.messages[0].id);
    await kit.processor.state.claim(key, `pending:${clock.getTime()}`, 3600);
    const early = await kit.post(await signedWebhook("whatsapp", "acme", body));
    expect(early.headers.get("X-Frontdesk-Duplicates")).toBe("1");
    clock = new Date(clock.getTime() + PENDING_TAKEOVER_MS + 1);
    const late = await kit.post(await signedWebhook("whatsapp", "acme", body));
    expect(late.headers.get("X-Frontdesk-Queued")).toBe("1");
    expect(await kit.processor.state.get(key)).toEqual({ ok: true, value: "queued" });
    await kit.drain();
    expect(kit.platforms.sent).toHaveLength(1);
  });

  it("answers 413 for a body over the limit without verifying or processing it", async () => {
    const kit = channelHarness();
    const response = await kit.post(
      await signedWebhook("telegram", "acme", `{"update_id":1,"pad":"${"x".repeat(600 * 1024)}"}`),
    );
    expect(response.status).toBe(413);
    expect(kit.queued).toHaveLength(0);
  });
});
