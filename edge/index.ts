import { Hono } from "hono";
import { problem } from "../shared/problem-details.js";
import { createEdgeApp, type WebChannelDeps } from "./app.js";
import type { CentralClient } from "./central-client/central-client.js";
import {
  createInMemoryChannelState,
  createUpstashChannelState,
  type ChannelStateStore,
} from "./channels/delivery/channel-state.js";
import { consumeRecordTurnJobs } from "./chat/record-turn-consumer.js";
import { createQueueTurnRecorder, isRecordTurnBody } from "./chat/record-turn-job.js";
import { createConversationTokens } from "./web/conversation-token.js";
import { createWebRateLimiter } from "./web/web-rate-limits.js";
import {
  CHANNEL_DEAD_LETTER_QUEUE,
  createChannelRuntime,
  type ChannelRuntimeOptions,
} from "./channels/channel-runtime.js";
import { consumeChannelJobs } from "./channels/processing/channel-queue-consumer.js";
import type { ChannelProcessorDeps } from "./channels/processing/process-job.js";
import type { MessageRoutingDeps } from "./chat/route-message.js";
import { createHttpCentralClient } from "./central-client/http-central-client.js";
import { correlationId, type CorrelationIdEnv } from "../shared/http/correlation-id/index.js";
import { edgeRoutingSchema } from "../shared/edge-routing.js";
import { parseEdgeEnv, type EdgeEnv } from "./edge-env.js";
import { DEFAULT_EDGE_ROUTING } from "./intent/default-routing.js";
import { createIntentModels } from "./intent/intent-models.js";
import { BUNDLED_MODELS } from "./models/bundled-models.js";
import { createPolicySnapshots, type PolicySnapshots } from "./policy/policy-snapshots.js";
import { createUpstashPolicySnapshotReader } from "./policy/upstash-policy-snapshot-reader.js";
import { onEdgeError, problemResponse } from "./problem-response.js";
import { withMonotonicReads } from "./summary-cache/monotonic-summary-reader.js";
import type { SummaryReader } from "./summary-cache/summary-reader.js";
import { createUpstashSummaryReader } from "./summary-cache/upstash-summary-reader.js";

type FetchHandler = { fetch: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response> };

/**
 * One app (and channel processor) per env object: the env is validated once; a bad env yields an app that only reports
 * it.
 */
const runtimes = new WeakMap<Env, EdgeRuntime>();

/** What one env object is served by: the app, central's client (recording queued turns) and the channel processor. */
interface EdgeRuntime {
  app: FetchHandler;
  central?: CentralClient;
  channels?: ChannelProcessorDeps;
}

function runtimeFor(env: Env): EdgeRuntime {
  let runtime = runtimes.get(env);
  if (!runtime) {
    const parsed = parseEdgeEnv(env);
    if (parsed.ok) {
      const central = {
        client: createHttpCentralClient({
          baseUrl: parsed.value.CENTRAL_URL,
          edgeToken: parsed.value.EDGE_TOKEN,
          timeoutMs: parsed.value.CENTRAL_TIMEOUT_MS,
        }),
        baseUrl: parsed.value.CENTRAL_URL,
        edgeToken: parsed.value.EDGE_TOKEN,
        timeoutMs: parsed.value.CENTRAL_TIMEOUT_MS,
      };
      const routing = {
        intents: createIntentModels({ folders: BUNDLED_MODELS, pins: parsed.value.EDGE_MODEL_PINS ?? {} }),
        routing: parsed.value.EDGE_ROUTING ?? edgeRoutingSchema.parse(DEFAULT_EDGE_ROUTING),
        ...policySnapshotsFor(parsed.value),
      };
      const channels = channelRuntimeFor(parsed.value, env, central, routing);
      runtime = {
        app: createEdgeApp({
          central: central.client,
          bodyReadTimeoutMs: parsed.value.BODY_READ_TIMEOUT_MS,
          summaries: summaryReaderFor(parsed.value),
          routing,
          web: webChannelFor(parsed.value, env),
          ...(channels ? { webhooks: channels.webhooks } : {}),
        }),
        central: central.client,
        ...(channels ? { channels: channels.processor } : {}),
      };
    } else {
      runtime = { app: createMisconfiguredApp(parsed.error.message) };
    }
    runtimes.set(env, runtime);
  }
  return runtime;
}

/** The channel webhooks and queue consumer, when CHANNELS_CONFIG is set (the env check ensures the Upstash URL). */
function channelRuntimeFor(
  env: EdgeEnv,
  bindings: Env,
  central: ChannelRuntimeOptions["central"],
  routing: MessageRoutingDeps,
): ReturnType<typeof createChannelRuntime> | undefined {
  const url = env.UPSTASH_REDIS_REST_URL;
  if (!env.CHANNELS_CONFIG || !url || !env.UPSTASH_REDIS_REST_TOKEN) return undefined;
  return createChannelRuntime({
    channels: env.CHANNELS_CONFIG,
    redis: { url, token: env.UPSTASH_REDIS_REST_TOKEN },
    queue: bindings.CHANNEL_QUEUE,
    central,
    routing,
  });
}

/**
 * The web channel: conversation tokens signed with CONVERSATION_TOKEN_SECRET, WEB_CONFIG, rate limits counted in Redis
 * (or, without an Upstash URL, in this isolate's memory — said once in the log), and the queue edge-answered turns are
 * recorded from.
 */
function webChannelFor(env: EdgeEnv, bindings: Env): WebChannelDeps {
  const url = env.UPSTASH_REDIS_REST_URL;
  let state: ChannelStateStore;
  if (url && env.UPSTASH_REDIS_REST_TOKEN) {
    state = createUpstashChannelState({ url, token: env.UPSTASH_REDIS_REST_TOKEN });
  } else {
    console.log("web rate limits are counted per isolate in memory: UPSTASH_REDIS_REST_URL is not set");
    state = createInMemoryChannelState();
  }
  return {
    tokens: createConversationTokens(env.CONVERSATION_TOKEN_SECRET),
    ...(env.WEB_CONFIG ? { config: env.WEB_CONFIG } : {}),
    ...(env.CONVERSATION_TOKEN_TTL_SECONDS ? { tokenTtlSeconds: env.CONVERSATION_TOKEN_TTL_SECONDS } : {}),
    limiter: createWebRateLimiter({ state }),
    // Without the queue binding (a config that declares none) edge-answered turns are recorded synchronously.
    ...((bindings.CHANNEL_QUEUE as Queue | undefined)
      ? { recorder: createQueueTurnRecorder(bindings.CHANNEL_QUEUE) }
      : {}),
  };
}

/** The edge's summary reader when a cache URL is configured (never older than what this isolate returned before). */
function summaryReaderFor(env: EdgeEnv): SummaryReader | undefined {
  const url = env.UPSTASH_REDIS_REST_URL;
  if (!url || !env.UPSTASH_REDIS_REST_TOKEN) return undefined;
  return withMonotonicReads(createUpstashSummaryReader({ redis: { url, token: env.UPSTASH_REDIS_REST_TOKEN } }));
}

/**
 * Tenants' active policy snapshots from the edge cache, when a cache URL is configured (read per POLICY_REFRESH_MS).
 */
function policySnapshotsFor(env: EdgeEnv): { policies?: PolicySnapshots } {
  const url = env.UPSTASH_REDIS_REST_URL;
  if (!url || !env.UPSTASH_REDIS_REST_TOKEN) return {};
  return {
    policies: createPolicySnapshots(
      createUpstashPolicySnapshotReader({ redis: { url, token: env.UPSTASH_REDIS_REST_TOKEN } }),
      { refreshMs: env.POLICY_REFRESH_MS },
    ),
  };
}

/** Answers every request with a 500 `internal_error` naming the bad variable, instead of crashing the Worker. */
function createMisconfiguredApp(detail: string): FetchHandler {
  console.error(detail);
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId());
  app.all("*", (c) => problemResponse(c, problem("internal_error", detail)));
  app.onError(onEdgeError);
  return app;
}

/**
 * The edge Worker: composition root wiring the HTTP central client, the summary reader and the intent models (one
 * classifier per bundled model, loaded on first use, once per isolate) with the routing rules into the edge app, and
 * the web channel (conversation tokens, rate limits, the queue of edge-answered turns), and the messaging channels'
 * webhook routes and queue consumer (work queue and dead-letter pass); one queue consumer serves both kinds of job.
 */
export default {
  fetch(request, env, ctx) {
    return runtimeFor(env).app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    const runtime = runtimeFor(env);
    const turns = batch.messages.filter((message) => isRecordTurnBody(message.body));
    const channelJobs = batch.messages.filter((message) => !isRecordTurnBody(message.body));
    if (turns.length > 0) {
      if (runtime.central) await consumeRecordTurnJobs(turns, runtime.central);
      else for (const message of turns) message.retry({ delaySeconds: 300 });
    }
    if (channelJobs.length === 0) return;
    const channels = runtime.channels;
    if (!channels) {
      console.error(
        `queue ${batch.queue}: messaging channels are not configured (CHANNELS_CONFIG); ` +
          `retrying ${channelJobs.length} job(s) later`,
      );
      if (turns.length === 0) batch.retryAll({ delaySeconds: 300 });
      else for (const message of channelJobs) message.retry({ delaySeconds: 300 });
      return;
    }
    await consumeChannelJobs(channelJobs, channels, batch.queue === CHANNEL_DEAD_LETTER_QUEUE ? "dead_letter" : "work");
  },
} satisfies ExportedHandler<Env>;
