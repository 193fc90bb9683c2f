import { describe, expect, it } from "vitest";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import {
  channelHarness,
  signedWebhook,
  textWebhookBody,
  type SignedWebhook,
} from "../channels/testing/channel-test-kit.js";

const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];
/** Tenants the harness has not configured: unknown, a name outside the id alphabet, an Object.prototype key. */
const UNKNOWN_TENANTS = ["initech", "no%20such", "__proto__", "constructor"];

/** Status, code and every body field but the per-request ones (correlation id, path). */
async function answerOf(response: Response) {
  const {
    correlationId: _correlationId,
    instance: _instance,
    ...rest
  } = await response.json<Record<string, unknown>>();
  return { status: response.status, contentType: response.headers.get("Content-Type"), body: rest };
}

/** The same webhook sent to another tenant's URL. */
function at(webhook: SignedWebhook, tenant: string): SignedWebhook {
  return { ...webhook, path: webhook.path.replace(/[^/]+$/, tenant) };
}

describe.each(CHANNELS)("%s: a tenant that has not configured the channel", (channel) => {
  it("gets exactly a configured tenant's answer to an unsigned webhook (401, same body), nothing queued", async () => {
    const kit = channelHarness();
    const signed = await signedWebhook(channel, "acme", textWebhookBody(channel, "4001", "hello"));
    const unsigned = {
      ...signed,
      init: { ...signed.init, headers: { "Content-Type": signed.init.headers["Content-Type"]! } },
    };
    const configured = await answerOf(await kit.post(unsigned));
    expect(configured).toMatchObject({ status: 401, body: { code: "webhook_signature_invalid" } });
    expect(String(configured.body.detail)).toContain("CHANNELS_CONFIG");
    for (const tenant of UNKNOWN_TENANTS)
      expect(await answerOf(await kit.post(at(unsigned, tenant)))).toEqual(configured);
    expect(kit.queued).toEqual([]);
  });

  it("gets exactly the answer a configured tenant gives a webhook signed with another secret", async () => {
    const kit = channelHarness();
    const forged = await signedWebhook(channel, "globex", textWebhookBody(channel, "4002", "hello", undefined, "acme"));
    const configured = await answerOf(await kit.post(at(forged, "acme")));
    expect(configured.status).toBe(401);
    for (const tenant of UNKNOWN_TENANTS)
      expect(await answerOf(await kit.post(at(forged, tenant)))).toEqual(configured);
    expect(kit.queued).toEqual([]);
  });

  it("gets a configured tenant's answer to a GET handshake with a wrong token or without its fields", async () => {
    const kit = channelHarness();
    const queries = ["?hub.mode=subscribe&hub.challenge=42&hub.verify_token=guess", "", "?hub.mode=unsubscribe"];
    for (const query of queries) {
      const configured = await answerOf(await kit.app.request(`/v1/webhooks/${channel}/acme${query}`));
      const meta = channel === "whatsapp" || channel === "messenger";
      expect(configured.status).toBe(meta ? (query.includes("verify_token") ? 401 : 400) : 405);
      for (const tenant of UNKNOWN_TENANTS)
        expect(await answerOf(await kit.app.request(`/v1/webhooks/${channel}/${tenant}${query}`))).toEqual(configured);
    }
  });
});

describe("slack: a tenant that has not configured the channel", () => {
  it("gets the configured tenant's 401 webhook_stale for a timestamp outside the default replay window", async () => {
    const kit = channelHarness();
    const body = textWebhookBody("slack", "4003", "hello");
    const stale = await signedWebhook("slack", "acme", body, new Date(Date.now() - 3_600_000));
    const configured = await answerOf(await kit.post(stale));
    expect(configured).toMatchObject({ status: 401, body: { code: "webhook_stale" } });
    for (const tenant of UNKNOWN_TENANTS) expect(await answerOf(await kit.post(at(stale, tenant)))).toEqual(configured);
  });
});
