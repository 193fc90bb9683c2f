import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { channelHarness, signedWebhookBytes, textWebhookBody } from "../channels/testing/channel-test-kit.js";
import { utf8 } from "../channels/signatures.js";

const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];
const RUNS = 60;

/** Bodies no platform sends: random bytes, invalid UTF-8, random JSON, truncations, near-limit and oversized bodies. */
function hostileBody(channel: WebhookChannel): fc.Arbitrary<Uint8Array> {
  const valid = utf8(textWebhookBody(channel, "7001", "Where is my parcel?"));
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.json().map(utf8),
    fc.anything().map((value) => utf8(JSON.stringify(value) ?? "null")),
    fc.nat({ max: valid.byteLength - 1 }).map((cut) => valid.slice(0, cut)),
    // Wrongly encoded: the valid body with a byte sequence that is not UTF-8 spliced in.
    fc
      .tuple(fc.nat({ max: valid.byteLength }), fc.constantFrom([0xff], [0xc3], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80]))
      .map(([at, bad]) => new Uint8Array([...valid.slice(0, at), ...bad, ...valid.slice(at)])),
    fc.constantFrom(new Uint8Array(512 * 1024 + 1).fill(0x7b), new Uint8Array(0)),
  );
}

describe.each(CHANNELS)("%s webhooks under hostile input", (channel) => {
  it("never answers 5xx or queues for a malformed, cut, oversized or misencoded body, signed or not", async () => {
    const kit = channelHarness();
    await fc.assert(
      fc.asyncProperty(hostileBody(channel), fc.boolean(), async (bytes, signed) => {
        kit.queued.splice(0);
        const webhook = await signedWebhookBytes(channel, "acme", bytes);
        if (!signed)
          delete webhook.init.headers[
            channel === "telegram"
              ? "X-Telegram-Bot-Api-Secret-Token"
              : channel === "slack"
                ? "X-Slack-Signature"
                : channel === "sms"
                  ? "X-Twilio-Signature"
                  : "X-Hub-Signature-256"
          ];
        const response = await kit.post(webhook);
        expect(response.status).toBeLessThan(500);
        if (!signed) expect([401, 413]).toContain(response.status);
        if (response.status >= 400) expect(response.headers.get("Content-Type")).toBe("application/problem+json");
        const messages = kit.queued.filter((job) => job.kind === "message");
        if (!signed || channel !== "sms") expect(messages).toEqual([]);
        // A form body cut short is still a form: Twilio-signed, it is an authentic (shorter) SMS and may be queued.
        else for (const job of messages) expect(job.message).toMatchObject({ tenantId: "acme", channel: "sms" });
      }),
      { numRuns: RUNS },
    );
  });

  it("rejects every one-byte change to a signed body (but Telegram's, unsigned), processing nothing", async () => {
    const kit = channelHarness();
    const body = utf8(textWebhookBody(channel, "7002", "Where is my parcel?"));
    const original = await signedWebhookBytes(channel, "acme", body);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.byteLength - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const mutated = body.slice();
        mutated[at] = (mutated[at] ?? 0) ^ flip;
        const response = await kit.post({ path: original.path, init: { ...original.init, body: mutated } });
        expect(response.status).toBeLessThan(500);
        if (channel !== "telegram" && !(channel === "sms" && sameForm(body, mutated))) {
          expect(response.status).toBe(401);
          expect(kit.queued).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("survives any bytes correctly signed after a change (the parser, not the signature, is under test)", async () => {
    const kit = channelHarness();
    const body = utf8(textWebhookBody(channel, "7003", "Where is my parcel?"));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.byteLength - 1 }), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const mutated = body.slice();
        mutated[at] = byte;
        const response = await kit.post(await signedWebhookBytes(channel, "acme", mutated));
        expect(response.status).toBeLessThan(500);
        for (const job of kit.queued.splice(0)) {
          // Whatever got through is a well-formed job for this tenant and channel.
          expect(job.channel).toBe(channel);
          if (job.kind === "message") expect(job.message.tenantId).toBe("acme");
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Twilio signs the decoded parameters, so a change that decodes to the same form (e.g. `+` ↔ `%20`) keeps its
 * signature.
 */
function sameForm(a: Uint8Array, b: Uint8Array): boolean {
  const decode = (bytes: Uint8Array) =>
    JSON.stringify([...new URLSearchParams(new TextDecoder().decode(bytes))].sort());
  return decode(a) === decode(b);
}
