import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { hasUnstorableText, hostileText, printable } from "../../test/support/hostile-text.js";
import { channelHarness, signedWebhook, textWebhookBody } from "../channels/testing/channel-test-kit.js";
import { channelJobSchema } from "../channels/processing/channel-job.js";

const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];
const RUNS = 40;

/** Every string inside a value (keys included). */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

/**
 * Sends one correctly signed webhook through a fresh edge, then drains its queue, and checks the edge's own
 * guarantees: no 5xx; a refusal queues nothing; every queued job is one the consumer accepts, and ends in exactly one
 * recorded outcome (a message: one central turn and one reply); text the platform sent well-formed stays well-formed.
 */
async function deliverAndDrain(channel: WebhookChannel, body: string, sentWellFormed: boolean) {
  const kit = channelHarness();
  const response = await kit.post(await signedWebhook(channel, "acme", body));
  expect(response.status).toBeLessThan(500);
  if (response.status !== 200) {
    expect(response.status).toBe(400);
    expect(kit.queued.length).toBe(0);
    return { status: response.status, jobs: [] };
  }
  const jobs = kit.queued.map((job) => channelJobSchema.parse(job));
  const messages = jobs.filter((job) => job.kind === "message");
  expect(messages.length).toBeLessThanOrEqual(1);
  expect(await kit.drain()).toEqual({ acked: jobs.length, retried: [] });
  expect(kit.central.received.length).toBe(messages.length);
  expect(kit.platforms.sent.length).toBe(messages.length);
  expect(kit.outcomes.outcomes.length).toBe(jobs.length);
  if (sentWellFormed) {
    const produced = stringsIn([jobs, kit.outcomes.outcomes, kit.central.received]);
    expect(printable(produced.filter(hasUnstorableText))).toBe("[]");
  }
  return { status: response.status, jobs };
}

/** A platform message id: digits (what platforms send) or any text. */
const messageId = fc.oneof(fc.stringMatching(/^[0-9]{1,12}$/), hostileText({ minLength: 1 }));
/** A sender: a phone-like number or any text. */
const sender = fc.oneof(fc.constant("15551234567"), hostileText({ minLength: 1 }));

describe.each(CHANNELS)("%s webhooks with full-Unicode fields, correctly signed (property)", (channel) => {
  it("acknowledge or refuse without 5xx; whatever is queued is processed once to a recorded outcome", async () => {
    await fc.assert(
      fc.asyncProperty(messageId, hostileText({ maxLength: 80 }), sender, async (id, text, from) => {
        const wellFormed = ![id, text, from].some(hasUnstorableText);
        await deliverAndDrain(channel, textWebhookBody(channel, id, text, from), wellFormed);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Well-formed text of any code points (mostly astral), long enough to be cut to a platform field's limit. */
const longWellFormedText = fc.string({ unit: "binary", minLength: 50, maxLength: 300 });

/** Where each platform puts a free-text marker of an item the edge ignores (message type, subtype, update key…). */
const IGNORED_KIND: Partial<Record<WebhookChannel, (kind: string) => string>> = {
  whatsapp: (kind) => {
    const body = JSON.parse(textWebhookBody("whatsapp", "5001", "hi"));
    body.entry[0].changes[0].value.messages[0].type = kind;
    return JSON.stringify(body);
  },
  slack: (kind) => {
    const body = JSON.parse(textWebhookBody("slack", "5002", "hi"));
    body.event.subtype = kind;
    return JSON.stringify(body);
  },
  telegram: (kind) => JSON.stringify({ update_id: 5003, [kind]: { any: "thing" } }),
  sms: (kind) => {
    const form = new URLSearchParams(textWebhookBody("sms", "5004", "hi"));
    form.set("SmsStatus", kind);
    return form.toString();
  },
};

describe.each(Object.entries(IGNORED_KIND))("%s items the edge ignores, with any kind (property)", (channel, body) => {
  it("are acknowledged, queued as ignored items and recorded once each, never cut into ill-formed text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText(), longWellFormedText), async (kind) => {
        const { status, jobs } = await deliverAndDrain(channel as WebhookChannel, body(kind), !hasUnstorableText(kind));
        expect(status).toBe(200);
        expect(jobs.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });
});
