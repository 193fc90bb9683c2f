import { createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { freePort } from "../../scripts/stack/free-port.js";
import { startStack } from "../../scripts/stack/start-stack.js";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { textWebhookBody } from "../../edge/channels/fakes/webhook-bodies.js";
import { createFakePlatforms } from "../../edge/channels/fakes/fake-platforms.js";
import { testAccountSid } from "../../edge/channels/fakes/webhook-bodies.js";
import { twilioSignedString } from "../../edge/channels/sms.js";
import type { Benchmark } from "../benchmark.js";
import { round } from "../load.js";

const CONNECTIONS = 10;
const SECONDS = 8;
const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];
const TENANT = "bench";
/** The account SID the shared webhook bodies carry for any tenant but `acme`. */
const ACCOUNT_SID = testAccountSid(TENANT);
const SECRETS = {
  whatsapp: "bench-wa-app-secret",
  messenger: "bench-fb-app-secret",
  telegram: "bench-telegram-secret-token",
  slack: "bench-slack-signing-secret",
  sms: "bench-twilio-auth-token",
} as const;

/** Headers that make `body` a correctly signed webhook of `channel` for the bench tenant. */
function signatureHeaders(channel: WebhookChannel, body: string, publicUrl: string): Record<string, string> {
  const hex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");
  switch (channel) {
    case "whatsapp":
    case "messenger":
      return { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${hex(SECRETS[channel], body)}` };
    case "telegram":
      return { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRETS.telegram };
    case "slack": {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return { "Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": `v0=${hex(SECRETS.slack, `v0:${timestamp}:${body}`)}` };
    }
    case "sms": {
      const signed = twilioSignedString(publicUrl, [...new URLSearchParams(body)]);
      return { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": createHmac("sha1", SECRETS.sms).update(signed).digest("base64") };
    }
  }
}

/** The bench tenant's CHANNELS_CONFIG: every channel, replies to the fake platforms, no send-rate throttling. */
function channelsConfig(edgeUrl: string, platformsUrl: string): string {
  const rate = { sendRatePerSecond: 1000 };
  return JSON.stringify({
    publicBaseUrl: edgeUrl,
    tenants: {
      [TENANT]: {
        whatsapp: { appSecret: SECRETS.whatsapp, verifyToken: "bench-verify-token", accessToken: "bench-wa-access", phoneNumberId: "1065550001", apiBaseUrl: `${platformsUrl}/v21.0`, ...rate },
        messenger: { appSecret: SECRETS.messenger, verifyToken: "bench-verify-token", pageAccessToken: "bench-fb-page", apiBaseUrl: `${platformsUrl}/v21.0`, ...rate },
        telegram: { secretToken: SECRETS.telegram, botToken: "123456:bench-bot", apiBaseUrl: platformsUrl, ...rate },
        slack: { signingSecret: SECRETS.slack, botToken: "xoxb-bench-token", apiBaseUrl: `${platformsUrl}/api`, ...rate },
        sms: { accountSid: ACCOUNT_SID, authToken: SECRETS.sms, fromNumber: "+15550001111", apiBaseUrl: platformsUrl, ...rate },
      },
    },
  });
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Drives `path` with a fresh, correctly signed webhook per request (unique message ids: every one is queued). */
async function drive(edgeUrl: string, path: string, seconds: number, makeRequest: () => { body: string; headers: Record<string, string> }): Promise<Figures> {
  const result = await autocannon({
    url: `${edgeUrl}${path}`,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...makeRequest() }) }],
  });
  return {
    rps: round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * `webhooks`: verified webhooks/s and ack latency per channel through the edge in workerd (`wrangler dev`: signature
 * check, `SET NX` claim in the Upstash dev server, Queue send, 200) side by side with a bare route in the same Worker.
 * The queue consumer (turn at central, reply to the fake platforms, outcome event) runs meanwhile; the replies it
 * delivered are counted after the load.
 */
const webhooks: Benchmark = {
  description: `signed webhooks per channel through the edge (wrangler dev/workerd: verify, SET NX claim via the Upstash dev server, Queue send, ack) vs a bare Hono route in the same Worker; ${CONNECTIONS} connections × ${SECONDS} s per channel; then counts the replies the queue consumer delivered to the fake platforms`,
  async run({ progress, args }) {
    const seconds = Number(args.find((arg) => arg.startsWith("--seconds="))?.split("=")[1] ?? SECONDS);
    const drainSeconds = Number(args.find((arg) => arg.startsWith("--drain-seconds="))?.split("=")[1] ?? 120);
    const platforms = createFakePlatforms({
      whatsappToken: "bench-wa-access",
      messengerToken: "bench-fb-page",
      telegramBotToken: "123456:bench-bot",
      slackBotToken: "xoxb-bench-token",
      twilioAccountSid: ACCOUNT_SID,
      twilioAuthToken: SECRETS.sms,
    });
    const platformsPort = await freePort();
    const platformServer = serve({ fetch: platforms.app.fetch, port: platformsPort, hostname: "127.0.0.1" });
    const edgePort = await freePort();
    const edgeUrl = `http://127.0.0.1:${edgePort}`;
    // Wrangler reads required secrets from its environment, which startStack passes on.
    process.env.CHANNELS_CONFIG = channelsConfig(edgeUrl, `http://127.0.0.1:${platformsPort}`);
    const dataDir = await mkdtemp(join(tmpdir(), "frontdesk-bench-webhooks-"));
    const { GEMINI_API_KEY: _offline, DATABASE_URL: _embedded, ...centralEnv } = process.env;
    const stack = await startStack({
      centralPort: await freePort(),
      edgePort,
      inspectorPort: await freePort(),
      dataDir,
      centralEnv: { ...centralEnv, OFFLINE_TOKEN_DELAY_MS: "0" },
      wranglerConfig: "bench/webhooks/wrangler.bench.toml",
      onProgress: progress,
    });
    try {
      let sequence = 0;
      const nextId = () => `${process.pid}${String(++sequence).padStart(8, "0")}`;
      const webhookFor = (channel: WebhookChannel) => () => {
        const id = nextId();
        const body = textWebhookBody(channel, id, "Where is my order? It was due yesterday.", `1555${id.slice(-7)}`, TENANT);
        return { body, headers: signatureHeaders(channel, body, `${edgeUrl}/v1/webhooks/${channel}/${TENANT}`) };
      };
      const sms = webhookFor("sms")();
      if (!sms.body.includes(ACCOUNT_SID)) throw new Error("the SMS webhook body does not carry the bench account SID");

      progress("warming up (every channel once, then 2 s of load) …");
      for (const channel of CHANNELS) {
        const { body, headers } = webhookFor(channel)();
        const response = await fetch(`${edgeUrl}/v1/webhooks/${channel}/${TENANT}`, { method: "POST", headers, body });
        if (response.status !== 200) throw new Error(`${channel}: warm-up webhook answered ${response.status}: ${await response.text()}`);
      }
      await drive(edgeUrl, "/__bench/bare", 2, webhookFor("telegram"));
      await drive(edgeUrl, `/v1/webhooks/telegram/${TENANT}`, 2, webhookFor("telegram"));

      const metrics: Record<string, number> = { connections: CONNECTIONS, seconds };
      const checked = (label: string, figures: Figures) => {
        progress(`${label}: ${figures.rps} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms`);
        if (figures.non2xx > 0 || figures.errors > 0) throw new Error(`${label}: ${figures.non2xx} non-2xx and ${figures.errors} errors — not a valid run`);
        return figures;
      };
      const bare = checked("bare route", await drive(edgeUrl, "/__bench/bare", seconds, webhookFor("telegram")));
      Object.assign(metrics, { bare_rps: bare.rps, bare_p50_ms: bare.p50, bare_p99_ms: bare.p99 });
      let accepted = CHANNELS.length + 0;
      for (const channel of CHANNELS) {
        const figures = checked(channel, await drive(edgeUrl, `/v1/webhooks/${channel}/${TENANT}`, seconds, webhookFor(channel)));
        accepted += figures.requests;
        Object.assign(metrics, {
          [`${channel}_rps`]: figures.rps,
          [`${channel}_ack_p50_ms`]: figures.p50,
          [`${channel}_ack_p99_ms`]: figures.p99,
          [`ratio_${channel}_to_bare_rps`]: round(figures.rps / bare.rps),
        });
      }
      // Webhooks of the warm-up load were accepted too; count every reply the fake platforms received.
      progress(`waiting up to ${drainSeconds} s for the queue consumer to deliver the replies …`);
      const started = Date.now();
      let last = -1;
      while (Date.now() - started < drainSeconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        if (platforms.sent.length === last) break;
        last = platforms.sent.length;
        progress(`${last} replies delivered so far`);
      }
      Object.assign(metrics, {
        webhooks_acked_measured: accepted - CHANNELS.length,
        replies_delivered_total: platforms.sent.length,
        drain_wait_s: round((Date.now() - started) / 1000),
      });
      return metrics;
    } finally {
      await stack.stop();
      await new Promise<void>((resolve) => platformServer.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default webhooks;
