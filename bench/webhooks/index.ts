import { loadavg } from "node:os";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { createFakePlatforms, type FakePlatforms } from "../../edge/channels/fakes/fake-platforms.js";
import { textWebhookBody } from "../../edge/channels/testing/webhook-bodies.js";
import { freePort } from "../../scripts/stack/free-port.js";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { numberArg } from "../bench-args.js";
import type { Benchmark } from "../benchmark.js";
import { round } from "../load.js";
import { withOfflineStack } from "../offline-stack.js";
import { ACCOUNT_SID, channelsConfig, SECRETS, signatureHeaders, TENANT } from "./signed-webhooks.js";

const CONNECTIONS = 10;
const SECONDS = 8;
const CHANNELS: WebhookChannel[] = ["whatsapp", "messenger", "telegram", "slack", "sms"];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

/** Drives `path` with a fresh, correctly signed webhook per request (unique message ids: every one is queued). */
async function drive(
  url: string,
  seconds: number,
  makeRequest: () => { body: string; headers: Record<string, string> },
): Promise<Figures> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...makeRequest() }) }],
  });
  if (result.non2xx > 0 || result.errors + result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors + result.timeouts} errors — not a valid run`);
  }
  return {
    rps: round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}

/** One phase: a stack whose Worker consumes the channel queue (`consumer`) or only fills it (ack path alone). */
async function phase(options: {
  consumer: boolean;
  seconds: number;
  drainLimitSeconds: number;
  platforms: FakePlatforms;
  platformsUrl: string;
  progress: (message: string) => void;
}) {
  const { platforms, progress, seconds } = options;
  const edgePort = await freePort();
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  // Wrangler reads the required secrets from its environment, which startStack passes on.
  process.env.CHANNELS_CONFIG = channelsConfig(edgeUrl, options.platformsUrl);
  const wranglerConfig = options.consumer
    ? "bench/webhooks/wrangler.bench.toml"
    : "bench/webhooks/wrangler.ack-only.bench.toml";
  return withOfflineStack("webhooks", { edgePort, wranglerConfig, onProgress: progress }, async () => {
    const label = options.consumer ? "with consumer" : "ack only";
    let sequence = 0;
    const webhookFor = (channel: WebhookChannel) => () => {
      const id = `${process.pid}${options.consumer ? 1 : 0}${String(++sequence).padStart(8, "0")}`;
      const body = textWebhookBody(
        channel,
        id,
        "Where is my order? It was due yesterday.",
        `1555${id.slice(-7)}`,
        TENANT,
      );
      return { body, headers: signatureHeaders(channel, body, `${edgeUrl}/v1/webhooks/${channel}/${TENANT}`) };
    };
    progress(`${label}: warming up (every channel once, 2 s on the bare route) …`);
    for (const channel of CHANNELS) {
      const { body, headers } = webhookFor(channel)();
      const response = await fetch(`${edgeUrl}/v1/webhooks/${channel}/${TENANT}`, { method: "POST", headers, body });
      if (response.status !== 200)
        throw new Error(`${channel}: warm-up webhook answered ${response.status}: ${await response.text()}`);
    }
    await drive(`${edgeUrl}/__bench/bare`, 2, webhookFor("telegram"));

    // With the consumer, its backlog is drained before each run, so a run is not slowed by the previous run's
    // replies (it still competes with its own: in wrangler dev the consumer shares the Worker's isolate).
    let accepted = CHANNELS.length;
    const delivered = () => platforms.sent.length;
    const before = delivered();
    let drainSeconds = 0;
    const drain = async () => {
      if (!options.consumer) return;
      const started = Date.now();
      let [last, lastChange] = [-1, Date.now()];
      while (delivered() - before < accepted && Date.now() - started < options.drainLimitSeconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (delivered() !== last) [last, lastChange] = [delivered(), Date.now()];
        else if (Date.now() - lastChange > 15_000) break;
      }
      drainSeconds += (Date.now() - started) / 1000;
      progress(
        `${label}: ${delivered() - before} of ${accepted} accepted webhooks answered through the fake platforms`,
      );
    };
    const prefix = options.consumer ? "consumer_" : "";
    const metrics: Record<string, number> = {};
    await drain();
    const bare = await drive(`${edgeUrl}/__bench/bare`, seconds, webhookFor("telegram"));
    progress(`${label}: bare route ${bare.rps} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
    Object.assign(metrics, {
      [`${prefix}bare_rps`]: bare.rps,
      [`${prefix}bare_p50_ms`]: bare.p50,
      [`${prefix}bare_p99_ms`]: bare.p99,
    });
    for (const channel of CHANNELS) {
      await drain();
      const figures = await drive(`${edgeUrl}/v1/webhooks/${channel}/${TENANT}`, seconds, webhookFor(channel));
      progress(`${label}: ${channel} ${figures.rps} webhooks/s, ack p50 ${figures.p50} ms, p99 ${figures.p99} ms`);
      accepted += figures.requests;
      Object.assign(metrics, {
        [`${prefix}${channel}_rps`]: figures.rps,
        [`${prefix}${channel}_ack_p50_ms`]: figures.p50,
        [`${prefix}${channel}_ack_p99_ms`]: figures.p99,
        [`${prefix}ratio_${channel}_to_bare_rps`]: round(figures.rps / bare.rps),
      });
    }
    await drain();
    if (options.consumer) {
      // autocannon counts completed responses; requests cut off at the end may still have been accepted (delivered ≥
      // accepted).
      Object.assign(metrics, {
        consumer_webhooks_accepted: accepted,
        consumer_replies_delivered: delivered() - before,
        consumer_drain_wait_s: round(drainSeconds),
      });
    }
    return metrics;
  });
}

/**
 * `webhooks`: verified webhooks/s and ack latency per channel through the edge in workerd (`wrangler dev`: signature
 * check, `SET NX` claim in the Upstash dev server, Queue send, 200) side by side with a bare route in the same Worker.
 * Two phases: the ack path alone (the Worker only fills the queue), then with the Worker consuming it (edge intent
 * model, turn at central, reply to Node-served fake platforms, outcome event), where every accepted webhook must come
 * back as a delivered reply.
 */
const webhooks: Benchmark = {
  description:
    "signed webhooks per channel through the edge " +
    "(wrangler dev/workerd: verify, SET NX claim via the Upstash dev server, Queue send, ack) " +
    `vs a bare Hono route in the same Worker; ${CONNECTIONS} connections × ${SECONDS} s per run; ` +
    "phase 1 the ack path alone, phase 2 with the queue consumer answering every webhook through fake platforms",
  async run({ progress, args }) {
    const seconds = numberArg(args, "seconds", SECONDS);
    const drainLimitSeconds = numberArg(args, "drain-seconds", 180);
    const platforms = createFakePlatforms({
      whatsappToken: "bench-wa-access",
      messengerToken: "bench-fb-page",
      telegramBotToken: "123456:bench-bot",
      slackBotToken: "xoxb-bench-token",
      twilioAccountSid: ACCOUNT_SID,
      twilioAuthToken: SECRETS.sms,
    });
    const platformsPort = await freePort();
    const server = serve({ fetch: platforms.app.fetch, port: platformsPort, hostname: "127.0.0.1" });
    const common = {
      seconds,
      drainLimitSeconds,
      platforms,
      platformsUrl: `http://127.0.0.1:${platformsPort}`,
      progress,
    };
    try {
      const ackOnly = await phase({ ...common, consumer: false });
      const withConsumer = await phase({ ...common, consumer: true });
      return { connections: CONNECTIONS, seconds, ...ackOnly, ...withConsumer, loadavg_1m: round(loadavg()[0] ?? 0) };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
};

export default webhooks;
