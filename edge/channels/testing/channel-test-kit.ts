import {
  channelsConfigSchema,
  type ChannelsConfig,
  type WebhookChannel,
} from "../../../shared/channels/channels-config.js";
import {
  fakeReplyEvents,
  createFakeCentralClient,
  type FakeCentralClient,
} from "../../central-client/fake-central-client.js";
import { createEdgeApp, type EdgeApp } from "../../app.js";
import type { ChannelStateStore } from "../delivery/channel-state.js";
import { createInMemoryChannelState } from "../delivery/channel-state.js";
import { createPlatformHttp } from "../delivery/platform-http.js";
import { createSendRateLimiter } from "../delivery/rate-limiter.js";
import { createInMemoryOutcomeRecorder } from "../outcomes/outcome-recorder.js";
import type { ChannelJob } from "../processing/channel-job.js";
import { consumeChannelJobs, type ConsumerPass, type QueuedMessage } from "../processing/channel-queue-consumer.js";
import type { ChannelProcessorDeps } from "../processing/process-job.js";
import { concatBytes, hmac, toBase64, toHex, utf8 } from "../signatures.js";
import { twilioSignedString } from "../sms.js";
import { createFakePlatforms, type FakePlatforms } from "../fakes/fake-platforms.js";
import { testAccountSid } from "./webhook-bodies.js";

export { textWebhookBody } from "./webhook-bodies.js";

/** Test secrets of one tenant (every value differs between tenants). */
function tenantSecrets(tenant: string) {
  return {
    whatsapp: {
      appSecret: `wa-app-secret-${tenant}`,
      verifyToken: `wa-verify-${tenant}`,
      accessToken: `wa-access-${tenant}`,
      phoneNumberId: "1065550001",
      apiBaseUrl: "https://graph.fake.test/v21.0",
    },
    messenger: {
      appSecret: `fb-app-secret-${tenant}`,
      verifyToken: `fb-verify-${tenant}`,
      pageAccessToken: `fb-page-${tenant}`,
      apiBaseUrl: "https://graph.fake.test/v21.0",
    },
    telegram: {
      secretToken: `tg-secret-token-${tenant}-0123`,
      botToken: `123456:bot-${tenant}`,
      apiBaseUrl: "https://telegram.fake.test",
    },
    slack: {
      signingSecret: `slack-signing-${tenant}`,
      botToken: `xoxb-${tenant}-token`,
      apiBaseUrl: "https://slack.fake.test/api",
      sendRatePerSecond: 50,
    },
    sms: {
      accountSid: testAccountSid(tenant),
      authToken: `twilio-auth-${tenant}`,
      fromNumber: "+15550001111",
      apiBaseUrl: "https://twilio.fake.test",
    },
  };
}

/** The public base URL the tests' Twilio signatures are computed over. */
export const PUBLIC_BASE_URL = "https://edge.example.test";

/** A CHANNELS_CONFIG with every channel for tenants `acme` and `globex` (different secrets), fake API base URLs. */
export function testChannelsConfig(): ChannelsConfig {
  return channelsConfigSchema.parse({
    publicBaseUrl: PUBLIC_BASE_URL,
    tenants: { acme: tenantSecrets("acme"), globex: tenantSecrets("globex") },
  });
}

/** A webhook request for `channel`, signed with `tenant`'s secrets (or unsigned / altered by the caller). */
export interface SignedWebhook {
  path: string;
  init: { method: "POST"; headers: Record<string, string>; body: string };
}

/** Builds platform-shaped, correctly signed webhook requests. `now` is the Slack timestamp's clock. */
export async function signedWebhook(
  channel: WebhookChannel,
  tenant: string,
  body: string,
  now = new Date(),
): Promise<SignedWebhook> {
  const signed = await signedWebhookBytes(channel, tenant, utf8(body), now);
  return { path: signed.path, init: { ...signed.init, body } };
}

/** {@link signedWebhook} over raw bytes (any bytes: the fuzz tests sign invalid UTF-8 too). */
export async function signedWebhookBytes(
  channel: WebhookChannel,
  tenant: string,
  bytes: Uint8Array,
  now = new Date(),
): Promise<{ path: string; init: { method: "POST"; headers: Record<string, string>; body: Uint8Array } }> {
  const secrets = tenantSecrets(tenant);
  const path = `/v1/webhooks/${channel}/${tenant}`;
  const json = { "Content-Type": "application/json" };
  const post = (headers: Record<string, string>) => ({ path, init: { method: "POST" as const, headers, body: bytes } });
  switch (channel) {
    case "whatsapp":
    case "messenger":
      return post({
        ...json,
        "X-Hub-Signature-256": `sha256=${toHex(await hmac(secrets[channel].appSecret, bytes, "SHA-256"))}`,
      });
    case "telegram":
      return post({ ...json, "X-Telegram-Bot-Api-Secret-Token": secrets.telegram.secretToken });
    case "slack": {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const signed = concatBytes(utf8(`v0:${timestamp}:`), bytes);
      const signature = `v0=${toHex(await hmac(secrets.slack.signingSecret, signed, "SHA-256"))}`;
      return post({ ...json, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature });
    }
    case "sms": {
      const params = [...new URLSearchParams(new TextDecoder().decode(bytes))];
      const signature = toBase64(
        await hmac(secrets.sms.authToken, utf8(twilioSignedString(`${PUBLIC_BASE_URL}${path}`, params)), "SHA-1"),
      );
      return post({ "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature });
    }
  }
}

/** Everything a channel test drives: the edge app with webhooks, the captured queue, and the consumer's fakes. */
export interface ChannelHarness {
  app: EdgeApp;
  queued: ChannelJob[];
  central: FakeCentralClient;
  platforms: FakePlatforms;
  outcomes: ReturnType<typeof createInMemoryOutcomeRecorder>;
  processor: ChannelProcessorDeps;
  /** Runs the consumer over the captured jobs (then clears them); returns each job's ack/retry. */
  drain(pass?: ConsumerPass): Promise<{ acked: number; retried: { delaySeconds?: number }[] }>;
  post(webhook: {
    path: string;
    init: { method: string; headers: Record<string, string>; body: string | Uint8Array };
  }): Promise<Response>;
}

/** Builds the harness; `state` defaults to the in-memory fake (pass the Upstash store to test against Redis). */
export function channelHarness(
  options: { state?: ChannelStateStore; now?: () => Date; queueFails?: () => boolean; bodyReadTimeoutMs?: number } = {},
): ChannelHarness {
  const now = options.now ?? (() => new Date());
  const channels = testChannelsConfig();
  const state = options.state ?? createInMemoryChannelState(now);
  const queued: ChannelJob[] = [];
  const central = createFakeCentralClient((message) => ({
    events: fakeReplyEvents(message, ["Thanks, ", "we are on it."]),
  }));
  const platforms = createFakePlatforms({
    whatsappToken: "wa-access-acme",
    messengerToken: "fb-page-acme",
    telegramBotToken: "123456:bot-acme",
    slackBotToken: "xoxb-acme-token",
    twilioAccountSid: channels.tenants.acme!.sms!.accountSid,
    twilioAuthToken: "twilio-auth-acme",
  });
  const outcomes = createInMemoryOutcomeRecorder();
  const processor: ChannelProcessorDeps = {
    channels,
    central,
    state,
    limiter: createSendRateLimiter({ state, now }),
    http: createPlatformHttp({ fetch: platforms.fetch, sleep: async () => undefined, now }),
    outcomes,
    now,
  };
  const app = createEdgeApp({
    central,
    now,
    ...(options.bodyReadTimeoutMs === undefined ? {} : { bodyReadTimeoutMs: options.bodyReadTimeoutMs }),
    webhooks: {
      channels,
      state,
      now,
      queue: {
        async sendBatch(jobs) {
          if (options.queueFails?.()) throw new Error("queue unavailable (fake)");
          queued.push(...structuredClone(jobs));
        },
      },
    },
  });
  return {
    app,
    queued,
    central,
    platforms,
    outcomes,
    processor,
    post: async (webhook) => app.request(webhook.path, webhook.init as RequestInit),
    async drain(pass = "work") {
      const jobs = queued.splice(0);
      const result = { acked: 0, retried: [] as { delaySeconds?: number }[] };
      const messages: QueuedMessage[] = jobs.map((body, index) => ({
        id: `job-${index}`,
        body,
        attempts: 1,
        ack: () => void (result.acked += 1),
        retry: (retry) => {
          result.retried.push(retry ?? {});
          queued.push(body);
        },
      }));
      await consumeChannelJobs(messages, processor, pass);
      return result;
    },
  };
}
