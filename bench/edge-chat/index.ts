import { numberArg } from "../bench-args.js";
import type { Benchmark } from "../benchmark.js";
import { load, round, type LoadFigures } from "../load.js";
import { withOfflineStack } from "../offline-stack.js";

const CONNECTIONS = 10;
const SECONDS = 10;

/** `edge-chat`: POST /v1/chat through the edge in workerd (central on the offline provider) vs a bare Hono route. */
const edgeChat: Benchmark = {
  description:
    "POST /v1/chat through the edge (wrangler dev/workerd → central on PGlite, offline model), JSON and SSE, " +
    "and a greeting the edge answers itself (answer_locally), vs a bare Hono route in the same workerd " +
    `and vs central's /v1/turns called directly; ${CONNECTIONS} connections × ${SECONDS} s each`,
  async run({ progress, args }) {
    const seconds = numberArg(args, "seconds", SECONDS);
    // The offline provider streams without pauses here: the figures are the gateway's own cost.
    return withOfflineStack(
      "edge-chat",
      {
        wranglerConfig: "bench/edge-chat/wrangler.bench.toml",
        onProgress: progress,
        // Every request starts a conversation from one IP: lift the default per-visitor limit for the load.
        webConfig: JSON.stringify({ demo: { rateLimits: { perVisitor: 100_000 } } }),
      },
      async (stack) => {
        const body = JSON.stringify({ text: "Where is my order? It was due yesterday." });
        const json = { "Content-Type": "application/json" };
        const run = async (label: string, options: Parameters<typeof load>[0]): Promise<LoadFigures> => {
          progress(`${label}: ${options.connections} connections for ${options.seconds} s …`);
          const figures = await load(options);
          progress(`${label}: ${figures.requestsPerSecond} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`);
          if (figures.non2xx > 0 || figures.errors > 0) {
            throw new Error(
              `${label}: ${figures.non2xx} non-2xx responses and ${figures.errors} errors — not a valid run`,
            );
          }
          return figures;
        };
        const common = { method: "POST" as const, body, connections: CONNECTIONS, seconds };
        progress("warming up …");
        await load({ ...common, url: `${stack.edgeUrl}/v1/chat`, headers: json, seconds: 2 });
        await load({ ...common, url: `${stack.edgeUrl}/__bench/bare`, headers: json, seconds: 2 });

        const bare = await run("bare Hono route", { ...common, url: `${stack.edgeUrl}/__bench/bare`, headers: json });
        const chatJson = await run("POST /v1/chat (JSON)", {
          ...common,
          url: `${stack.edgeUrl}/v1/chat`,
          headers: json,
        });
        const chatSse = await run("POST /v1/chat (SSE)", {
          ...common,
          url: `${stack.edgeUrl}/v1/chat`,
          headers: { ...json, Accept: "text/event-stream" },
        });
        let sequence = 0;
        const central = await run("POST /v1/turns straight to central (SSE)", {
          ...common,
          url: `${stack.centralUrl}/v1/turns`,
          headers: { ...json, Accept: "text/event-stream", Authorization: `Bearer ${stack.edgeToken}` },
          makeBody: () => {
            const id = `bench-${process.pid}-${++sequence}`;
            const message = {
              tenantId: "demo",
              channel: "web",
              conversationId: `c-${id}`,
              customerId: `visitor-${id}`,
            };
            return JSON.stringify({
              ...message,
              channelMessageId: id,
              text: "Where is my order? It was due yesterday.",
              receivedAt: new Date().toISOString(),
              correlationId: id,
            });
          },
        });
        // A greeting: answered by the edge from its template at once, recorded in central later through the queue.
        // Measured last: the queue drains those recordings into central after the phase, so no phase before it
        // shares central with them.
        const local = await run("POST /v1/chat answered at the edge (answer_locally, JSON)", {
          ...common,
          body: JSON.stringify({ text: "hello there, good morning" }),
          url: `${stack.edgeUrl}/v1/chat`,
          headers: json,
        });
        return {
          connections: CONNECTIONS,
          seconds,
          bare_rps: bare.requestsPerSecond,
          bare_p50_ms: bare.p50Ms,
          bare_p99_ms: bare.p99Ms,
          chat_json_rps: chatJson.requestsPerSecond,
          chat_json_p50_ms: chatJson.p50Ms,
          chat_json_p99_ms: chatJson.p99Ms,
          chat_sse_rps: chatSse.requestsPerSecond,
          chat_sse_p50_ms: chatSse.p50Ms,
          chat_sse_p99_ms: chatSse.p99Ms,
          local_rps: local.requestsPerSecond,
          local_p50_ms: local.p50Ms,
          local_p99_ms: local.p99Ms,
          ratio_local_to_bare_rps: round(local.requestsPerSecond / bare.requestsPerSecond),
          ratio_local_to_bare_p99: round(local.p99Ms / bare.p99Ms),
          central_direct_rps: central.requestsPerSecond,
          central_direct_p50_ms: central.p50Ms,
          central_direct_p99_ms: central.p99Ms,
          ratio_chat_sse_to_central_direct_rps: round(chatSse.requestsPerSecond / central.requestsPerSecond),
          ratio_chat_json_to_bare_rps: round(chatJson.requestsPerSecond / bare.requestsPerSecond),
          ratio_chat_json_to_bare_p50: round(chatJson.p50Ms / bare.p50Ms),
          ratio_chat_sse_to_bare_rps: round(chatSse.requestsPerSecond / bare.requestsPerSecond),
          turns_recorded: chatJson.requests + chatSse.requests + central.requests,
          local_answered: local.requests,
        };
      },
    );
  },
};

export default edgeChat;
