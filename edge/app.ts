import { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import type { CentralClient } from "./central-client/central-client.js";
import { createChatHandler, MAX_CHAT_BODY_BYTES } from "./chat/chat-handler.js";
import type { MessageRoutingDeps } from "./chat/route-message.js";
import type { TurnRecorder } from "./chat/record-turn-job.js";
import type { WebConfig } from "../shared/web-config.js";
import { createConversationTokens, type ConversationTokens } from "./web/conversation-token.js";
import type { WebRateLimiter } from "./web/web-rate-limits.js";
import { correlationId, type CorrelationIdEnv } from "../shared/http/correlation-id/index.js";
import { DEMO_PAGE_CSP, DEMO_PAGE_HTML } from "./demo-page/demo-page.js";
import { boundedBody, DEFAULT_BODY_READ_TIMEOUT_MS } from "./http/bounded-body/index.js";
import { onEdgeError, onEdgeMethodNotAllowed, onEdgeNotFound } from "./problem-response.js";
import type { SummaryReader } from "./summary-cache/summary-reader.js";
import { MAX_WEBHOOK_BODY_BYTES, webhookRoutes, type WebhookRoutesDeps } from "./webhooks/webhook-routes.js";

/** What the edge app is built from; the clock and id generator default to the real ones. */
export interface EdgeAppDeps {
  central: CentralClient;
  /** Customer summaries from the edge cache, when one is configured. Wired, not yet consulted by any route. */
  summaries?: SummaryReader;
  /** Intent models and routing rules; without them every message goes to central unclassified. */
  routing?: MessageRoutingDeps;
  /** Messaging channel webhooks (`/v1/webhooks/:channel/:tenant`), when channels are configured. */
  webhooks?: WebhookRoutesDeps;
  /** The web channel: conversation tokens, WEB_CONFIG, rate limits, the queue of edge-answered turns. */
  web?: WebChannelDeps;
  /** How long a request's whole body may take to arrive, in ms (default {@link DEFAULT_BODY_READ_TIMEOUT_MS}). */
  bodyReadTimeoutMs?: number;
  now?: () => Date;
  newId?: () => string;
}

/** The web channel's parts; each defaults to what a single test app needs. */
export interface WebChannelDeps {
  /** Default: tokens signed with a random secret (valid only for this app instance). */
  tokens?: ConversationTokens;
  config?: WebConfig;
  /** Conversation token lifetime in seconds (default {@link DEFAULT_CONVERSATION_TOKEN_TTL_SECONDS}). */
  tokenTtlSeconds?: number;
  limiter?: WebRateLimiter;
  recorder?: TurnRecorder;
}

/** How long a conversation token stays valid after the last message, by default: 7 days. */
export const DEFAULT_CONVERSATION_TOKEN_TTL_SECONDS = 7 * 86_400;

/** The edge's Hono app type. */
export type EdgeApp = Hono<CorrelationIdEnv>;

/** Builds the edge app: health check, demo page and `POST /v1/chat`, with problem-details errors throughout. */
export function createEdgeApp(deps: EdgeAppDeps): EdgeApp {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const web = deps.web ?? {};
  // The edge's own routes; a wrong method on one of them is a 405 naming the allowed ones (hono's middleware).
  const own = new Hono<CorrelationIdEnv>()
    .get("/healthz", (c) => c.json({ status: "ok", service: "edge" }))
    .get("/", (c) => c.html(DEMO_PAGE_HTML, 200, { "Content-Security-Policy": DEMO_PAGE_CSP }))
    .post(
      "/v1/chat",
      createChatHandler({
        central: deps.central,
        now,
        newId,
        identity: {
          tokens: web.tokens ?? createConversationTokens(randomSecret()),
          ...(web.config ? { config: web.config } : {}),
          tokenTtlSeconds: web.tokenTtlSeconds ?? DEFAULT_CONVERSATION_TOKEN_TTL_SECONDS,
          now,
          newId,
        },
        ...(web.limiter ? { limiter: web.limiter } : {}),
        ...(web.recorder ? { recorder: web.recorder } : {}),
        ...(deps.routing ? { routing: deps.routing } : {}),
      }),
    );
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId());
  // Every body is read here, bounded by size and time, before any route (or 404/405) answers.
  app.use(boundedBody({ maxBytes: maxBodyBytes, timeoutMs: deps.bodyReadTimeoutMs ?? DEFAULT_BODY_READ_TIMEOUT_MS }));
  app.use(methodNotAllowed({ app: own, onMethodNotAllowed: onEdgeMethodNotAllowed }));
  app.route("/", own);
  if (deps.webhooks) app.route("/", webhookRoutes(deps.webhooks));
  app.notFound(onEdgeNotFound);
  app.onError(onEdgeError);
  return app;
}

/** 32 random bytes as hex: a throwaway signing secret. */
function randomSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The largest body a path accepts: a platform's webhook batch, else at most a chat message. */
function maxBodyBytes(path: string): number {
  return path.startsWith("/v1/webhooks/") ? MAX_WEBHOOK_BODY_BYTES : MAX_CHAT_BODY_BYTES;
}
