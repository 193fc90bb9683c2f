import { describe, expect, it } from "vitest";
import { err } from "../../shared/result.js";
import { isStorableText } from "../../shared/text/storable-text.js";
import { channelHarness, signedWebhook, textWebhookBody } from "./testing/channel-test-kit.js";

const whatsappSticker = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [
    {
      changes: [
        {
          field: "messages",
          value: { messages: [{ id: "wamid.S\ud800", from: "15551234567", type: "sticker\u0000", sticker: {} }] },
        },
      ],
    },
  ],
});
const slackSubtype = JSON.stringify({
  type: "event_callback",
  team_id: "T1",
  event_id: "EvNul",
  event: { type: "message", subtype: "channel_join\u0000", channel: "C1", user: "U1", ts: "1.5" },
});
const telegramUnknownKey = JSON.stringify({ update_id: 77, ["poll\u0000"]: { id: "p" } });

describe("platform text the database cannot store (NUL, unpaired surrogates)", () => {
  it("is normalised in ignored items' kinds and ids, so central can record them", async () => {
    const kit = channelHarness();
    for (const [channel, body] of [
      ["whatsapp", whatsappSticker],
      ["slack", slackSubtype],
      ["telegram", telegramUnknownKey],
    ] as const) {
      const response = await kit.post(await signedWebhook(channel, "acme", body));
      expect(response.status, channel).toBe(200);
    }
    expect(await kit.drain()).toEqual({ acked: 3, retried: [] });
    const ignored = kit.outcomes.outcomes.map((outcome) =>
      outcome.type === "channel.webhook_ignored" ? [outcome.data.kind, outcome.data.platformId] : [],
    );
    // Compared as JSON: a failure message holding a lone surrogate would break the pool's link to workerd.
    expect(JSON.stringify(ignored)).toBe(
      JSON.stringify([
        ["sticker\ufffd", "wamid.S\ufffd"],
        ["channel_join\ufffd", "EvNul"],
        ["poll\ufffd", "77"],
      ]),
    );
    for (const outcome of kit.outcomes.outcomes) expect(isStorableText(JSON.stringify(outcome))).toBe(true);
  });

  it("is normalised in a customer's message, which is answered rather than failing", async () => {
    const kit = channelHarness();
    const body = textWebhookBody("telegram", "6001", "Open\u0000 on Sunday?\udc00");
    expect((await kit.post(await signedWebhook("telegram", "acme", body))).status).toBe(200);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    const texts = kit.central.received.map((message) => message.text);
    expect(JSON.stringify(texts)).toBe(JSON.stringify(["Open\ufffd on Sunday?\ufffd"]));
    expect(kit.outcomes.outcomes.map((outcome) => outcome.type)).toEqual(["channel.reply_delivered"]);
  });

  it("ends a job whose outcome central refuses for good, instead of retrying it forever", async () => {
    const kit = channelHarness();
    kit.processor.outcomes = { record: async () => err({ code: "record_refused", message: "central answered 400" }) };
    expect((await kit.post(await signedWebhook("whatsapp", "acme", whatsappSticker))).status).toBe(200);
    expect(await kit.drain()).toEqual({ acked: 1, retried: [] });
    kit.processor.outcomes = { record: async () => err({ code: "record_failed", message: "central answered 503" }) };
    expect((await kit.post(await signedWebhook("slack", "acme", slackSubtype))).status).toBe(200);
    expect((await kit.drain()).retried).toHaveLength(1);
  });
});
