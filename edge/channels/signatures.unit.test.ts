import { describe, expect, it } from "vitest";
import { slackConfigSchema } from "../../shared/channels/channels-config.js";
import type { RawWebhook } from "./channel-adapter.js";
import { metaHandshake, verifyHubSignature } from "./meta-webhook.js";
import { secretsEqual } from "./signatures.js";
import { verifySlackSignature } from "./slack.js";
import { smsAdapter, twilioSignedString, verifyTwilioSignature } from "./sms.js";
import { utf8 } from "./signatures.js";

/** Published examples, ../shared/notes/webhook-vectors.md. */
const SLACK = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body:
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const TWILIO = {
  token: "12345",
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  params: [
    ["CallSid", "CA1234567890ABCDE"],
    ["Caller", "+14158675309"],
    ["Digits", "1234"],
    ["From", "+14158675309"],
    ["To", "+18005551212"],
  ] as [string, string][],
  signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
};
const HUB = {
  secret: "It's a Secret to Everybody",
  body: "Hello, World!",
  signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};

function webhook(
  headers: Record<string, string>,
  body: string,
  url = "https://edge.test/v1/webhooks/x/acme",
): RawWebhook {
  return { url: new URL(url), headers: new Headers(headers), body: utf8(body) };
}

describe("published signature vectors", () => {
  const slackAt = (seconds: number) => ({ now: () => new Date(seconds * 1000) });
  const slackHeaders = { "X-Slack-Request-Timestamp": SLACK.timestamp, "X-Slack-Signature": SLACK.signature };

  it("accepts Slack's example with the clock injected at its timestamp", async () => {
    const result = await verifySlackSignature(
      webhook(slackHeaders, SLACK.body),
      SLACK.secret,
      300,
      slackAt(1531420618 + 299),
    );
    expect(result).toEqual({ ok: true, value: undefined });
  });

  it("rejects Slack's example as stale on the real clock, and when one byte of the body changes", async () => {
    const stale = await verifySlackSignature(webhook(slackHeaders, SLACK.body), SLACK.secret, 300, {
      now: () => new Date(),
    });
    expect(stale).toMatchObject({ ok: false, error: { code: "request_stale" } });
    const tooOld = await verifySlackSignature(
      webhook(slackHeaders, SLACK.body),
      SLACK.secret,
      300,
      slackAt(1531420618 + 301),
    );
    expect(tooOld).toMatchObject({ ok: false, error: { code: "request_stale" } });
    const altered = await verifySlackSignature(
      webhook(slackHeaders, SLACK.body.replace("foobar", "foobaz")),
      SLACK.secret,
      300,
      slackAt(1531420618),
    );
    expect(altered).toMatchObject({ ok: false, error: { code: "signature_invalid" } });
  });

  it("defaults Slack's replay window to five minutes", () => {
    expect(slackConfigSchema.parse({ signingSecret: SLACK.secret, botToken: "xoxb-token-1" }).replayWindowSeconds).toBe(
      300,
    );
  });

  it("accepts Twilio's example (URL + parameters sorted by name, HMAC-SHA1, base64)", async () => {
    expect(twilioSignedString(TWILIO.url, [...TWILIO.params].reverse())).toBe(
      "https://mycompany.com/myapp.php?foo=1&bar=2" +
        "CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212",
    );
    expect(await verifyTwilioSignature(TWILIO.url, TWILIO.params, TWILIO.signature, TWILIO.token)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await verifyTwilioSignature(TWILIO.url, TWILIO.params, TWILIO.signature, "54321")).toMatchObject({
      ok: false,
      error: { code: "signature_invalid" },
    });
  });

  it("checks Twilio's example via the adapter against the configured public URL, not the Worker's", async () => {
    const body = new URLSearchParams(TWILIO.params).toString();
    const seenBehindProxy = webhook(
      { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": TWILIO.signature },
      body,
      "http://10.0.0.7:8787/myapp.php?foo=1&bar=2",
    );
    const config = {
      accountSid: `AC${"0".repeat(32)}`,
      authToken: TWILIO.token,
      fromNumber: "+15550001111",
      apiBaseUrl: "https://api.twilio.com",
      sendRatePerSecond: 1,
    };
    expect(
      await smsAdapter.verify(seenBehindProxy, config, {
        now: () => new Date(),
        publicBaseUrl: "https://mycompany.com",
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await smsAdapter.verify(seenBehindProxy, config, {
        now: () => new Date(),
        publicBaseUrl: "https://othercompany.com",
      }),
    ).toMatchObject({ ok: false });
  });

  it("accepts the X-Hub-Signature-256 example (HMAC-SHA256 of raw body); rejects changed body or secret", async () => {
    expect(await verifyHubSignature(webhook({ "X-Hub-Signature-256": HUB.signature }, HUB.body), HUB.secret)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      await verifyHubSignature(webhook({ "X-Hub-Signature-256": HUB.signature }, "Hello, World?"), HUB.secret),
    ).toMatchObject({ ok: false, error: { code: "signature_invalid" } });
    expect(
      await verifyHubSignature(webhook({ "X-Hub-Signature-256": HUB.signature }, HUB.body), "another secret"),
    ).toMatchObject({ ok: false });
    expect(
      await verifyHubSignature(webhook({ "X-Hub-Signature-256": HUB.signature.toUpperCase() }, HUB.body), HUB.secret),
    ).toMatchObject({ ok: false });
    expect(await verifyHubSignature(webhook({}, HUB.body), HUB.secret)).toMatchObject({
      ok: false,
      error: { message: "X-Hub-Signature-256 is missing." },
    });
  });

  it("answers Meta's handshake sample with the challenge, and refuses a wrong verify token", async () => {
    const sample = new URLSearchParams("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock");
    expect(await metaHandshake(sample, "meatyhamhock")).toEqual({ ok: true, value: "1158201444" });
    expect(await metaHandshake(sample, "meatyhamhocks")).toMatchObject({
      ok: false,
      error: { code: "signature_invalid" },
    });
    expect(
      await metaHandshake(
        new URLSearchParams("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=meatyhamhock"),
        "meatyhamhock",
      ),
    ).toMatchObject({ ok: false });
  });

  it("compares Telegram-style secret tokens whatever their lengths", async () => {
    expect(await secretsEqual("tg-secret_TOKEN-1", "tg-secret_TOKEN-1")).toBe(true);
    expect(await secretsEqual("tg-secret_TOKEN-1", "tg-secret_TOKEN-2")).toBe(false);
    expect(await secretsEqual("", "tg-secret_TOKEN-1")).toBe(false);
    expect(await secretsEqual("tg-secret_TOKEN-1-and-more", "tg-secret_TOKEN-1")).toBe(false);
  });
});
