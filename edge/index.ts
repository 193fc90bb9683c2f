import { Hono } from "hono";
import { problem, ProblemError } from "../shared/problem-details.js";
import { createEdgeApp } from "./app.js";
import { createHttpCentralClient } from "./central-client/http-central-client.js";
import { correlationId, type CorrelationIdEnv } from "../shared/http/correlation-id/index.js";
import { edgeRoutingSchema } from "../shared/edge-routing.js";
import { parseEdgeEnv, type EdgeEnv } from "./edge-env.js";
import { DEFAULT_EDGE_ROUTING } from "./intent/default-routing.js";
import { createIntentModels } from "./intent/intent-models.js";
import { BUNDLED_MODELS } from "./models/bundled-models.js";
import { onEdgeError } from "./problem-response.js";
import { withMonotonicReads } from "./summary-cache/monotonic-summary-reader.js";
import type { SummaryReader } from "./summary-cache/summary-reader.js";
import { createUpstashSummaryReader } from "./summary-cache/upstash-summary-reader.js";

type FetchHandler = { fetch: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response> };

/** One app per env object: the env is validated once, and a bad env yields an app that only reports it. */
const apps = new WeakMap<Env, FetchHandler>();

function appFor(env: Env): FetchHandler {
  let app = apps.get(env);
  if (!app) {
    const parsed = parseEdgeEnv(env);
    app = parsed.ok
      ? createEdgeApp({
          central: createHttpCentralClient({
            baseUrl: parsed.value.CENTRAL_URL,
            edgeToken: parsed.value.EDGE_TOKEN,
            timeoutMs: parsed.value.CENTRAL_TIMEOUT_MS,
          }),
          summaries: summaryReaderFor(parsed.value),
          routing: {
            intents: createIntentModels({ folders: BUNDLED_MODELS, pins: parsed.value.EDGE_MODEL_PINS ?? {} }),
            routing: parsed.value.EDGE_ROUTING ?? edgeRoutingSchema.parse(DEFAULT_EDGE_ROUTING),
          },
        })
      : createMisconfiguredApp(parsed.error.message);
    apps.set(env, app);
  }
  return app;
}

/** The edge's summary reader when a cache URL is configured (never older than what this isolate returned before). */
function summaryReaderFor(env: EdgeEnv): SummaryReader | undefined {
  const url = env.UPSTASH_REDIS_REST_URL;
  if (!url || !env.UPSTASH_REDIS_REST_TOKEN) return undefined;
  return withMonotonicReads(createUpstashSummaryReader({ redis: { url, token: env.UPSTASH_REDIS_REST_TOKEN } }));
}

/** Answers every request with a 500 `internal_error` naming the bad variable, instead of crashing the Worker. */
function createMisconfiguredApp(detail: string): FetchHandler {
  console.error(detail);
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId());
  app.all("*", () => {
    throw new ProblemError(problem("internal_error", detail));
  });
  app.onError(onEdgeError);
  return app;
}

/**
 * The edge Worker: composition root wiring the HTTP central client, the summary reader and the intent models (one
 * classifier per bundled model, loaded on first use, once per isolate) with the routing rules into the edge app.
 */
export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
