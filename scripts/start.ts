/**
 * `npm start`: runs the whole system on loopback — central (Node, embedded PGlite, offline model unless
 * GEMINI_API_KEY is set), the edge Worker in workerd via `wrangler dev`, and the edge summary cache (an in-process
 * Upstash-REST dev server) — and stops them all on Ctrl-C.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort, portInUse } from "./stack/free-port.js";
import { REPO_ROOT, startStack } from "./stack/start-stack.js";
import { createPolicyAdminClient } from "../central/policy/cli/policy-admin-client.js";
import { readDemoPolicy, seedPolicy } from "../central/policy/cli/seed-policy.js";

const HELP = `Usage: npm start [-- --verbose]

Starts Frontdesk locally: central on CENTRAL_PORT (default 8788), the edge on EDGE_PORT (default 8787) and the
edge summary cache (Upstash-REST dev server, in memory) on a free loopback port.
Needs no account, key or network. Ctrl-C stops everything.

Options:
  --verbose   print every log line of central and wrangler
  --help      show this help

Environment (all optional):
  EDGE_PORT            edge port (default 8787)
  CENTRAL_PORT         central port (default 8788)
  FRONTDESK_DATA_DIR   where central keeps its PGlite database (default ./data)
  ADMIN_TOKEN          admin bearer token for central's admin API (default: generated and printed)
  EDGE_TOKEN           token shared by edge and central (default: generated)
  CONVERSATION_TOKEN_SECRET
                       key of web conversation tokens (default: generated per run)
  WEB_CONFIG           web channel per tenant as JSON: identity-token keys, origins, rate limits (default: none)
  DATABASE_URL         use this PostgreSQL instead of embedded PGlite
  GEMINI_API_KEY       use Gemini instead of the offline model provider
  REDIS_URL            back the summary cache's dev server with this Redis instead of memory
  UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN
                       use this Upstash database as the summary cache (no dev server)
  (see README.md for the full configuration table)`;

/** Wrangler lines that are expected offline and say nothing actionable; shown only with --verbose. */
const HARMLESS = [
  /Request\.cf/,
  /ENOTFOUND workers\.cloudflare\.com/,
  /"secrets" fields are experimental/,
  /Processing wrangler\.toml configuration/,
  /update available/,
];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: "boolean" }, verbose: { type: "boolean" } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const edgePort = Number(process.env.EDGE_PORT ?? 8787);
  const centralPort = Number(process.env.CENTRAL_PORT ?? 8788);
  for (const [name, port] of [
    ["EDGE_PORT", edgePort],
    ["CENTRAL_PORT", centralPort],
  ] as const) {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      console.error(`${name} must be a port number (1-65535), got "${process.env[name]}".`);
      return 1;
    }
    if (await portInUse(port)) {
      console.error(
        `Port ${port} (${name}) is already in use. Stop what uses it, or run: ${name}=<free port> npm start`,
      );
      return 1;
    }
  }

  const upstashUrl = process.env.UPSTASH_REDIS_REST_URL?.trim();
  const upstashToken = process.env.UPSTASH_REDIS_REST_TOKEN?.trim();
  if (upstashUrl && !upstashToken) {
    console.error(
      "UPSTASH_REDIS_REST_URL is set but UPSTASH_REDIS_REST_TOKEN is not: set both, or neither for the dev server.",
    );
    return 1;
  }

  const stack = await startStack({
    centralPort,
    edgePort,
    inspectorPort: await freePort(),
    dataDir: resolve(REPO_ROOT, process.env.FRONTDESK_DATA_DIR ?? "data"),
    adminToken: process.env.ADMIN_TOKEN,
    edgeToken: process.env.EDGE_TOKEN,
    summaryCache:
      upstashUrl && upstashToken
        ? { url: upstashUrl, token: upstashToken }
        : { redisUrl: process.env.REDIS_URL?.trim() || undefined },
    onProgress: (message) => console.log(`• ${message}`),
    onLine: (line) => {
      const notable =
        /error|warn|listening on|master key/i.test(line) && !HARMLESS.some((pattern) => pattern.test(line));
      if (values.verbose || notable) console.log(line);
    },
  });

  const seeded = await seedPolicy(
    createPolicyAdminClient({ url: stack.centralUrl, token: stack.adminToken }),
    await readDemoPolicy(),
  );
  if (!seeded.ok) console.error(`• the demo policy could not be seeded: ${seeded.error.message}`);
  else if (seeded.value.seeded)
    console.log(
      `• tenant demo: shipped policy v${seeded.value.version} pushed and activated` +
        (seeded.value.published ? "" : " (NOT published to the edge cache)"),
    );
  else
    console.log(
      `• tenant demo runs policy v${seeded.value.activeVersion}` +
        (seeded.value.published ? " (snapshot republished to the edge cache)" : " (NOT published to the edge cache)"),
    );

  console.log(`
Frontdesk is running.
  Demo chat page   ${stack.edgeUrl}/
  Edge chat API    ${stack.edgeUrl}/v1/chat
  Central          ${stack.centralUrl}   (admin token: ${stack.adminToken})
  Summary cache    ${stack.summaryCache.url}   (${describeCache(stack.summaryCache.kind)})

Try it (the reply's conversationId and conversationToken continue the conversation):
  curl -N -H 'Accept: text/event-stream' -H 'Content-Type: application/json' \\
    -d '{"text":"Where is my order?"}' ${stack.edgeUrl}/v1/chat
  curl -H 'Content-Type: application/json' -H 'Authorization: Bearer <conversationToken>' \\
    -d '{"text":"Thanks!"}' ${stack.edgeUrl}/v1/chat
  curl -H 'Authorization: Bearer ${stack.adminToken}' \\
    ${stack.centralUrl}/v1/admin/tenants/demo/conversations/<conversationId>/events

Ctrl-C stops everything.`);

  return await new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the edge, central and the summary cache …`);
      stack.stop().then(
        () => {
          console.log("Stopped.");
          resolveExit(0);
        },
        (error: unknown) => {
          console.error("Stopping failed:", error);
          resolveExit(1);
        },
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
}

function describeCache(kind: "memory" | "redis" | "external"): string {
  if (kind === "external") return "Upstash";
  return kind === "memory"
    ? "Upstash-REST dev server, in memory: emptied on exit"
    : "Upstash-REST dev server on REDIS_URL";
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
