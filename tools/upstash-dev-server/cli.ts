/**
 * Upstash-REST-compatible dev server — development tooling of this project, not a production service. Lets
 * `@upstash/redis` (central's summary cache, the edge's reader) run offline against a local Redis or an in-memory
 * stand-in. Run: `npx tsx tools/upstash-dev-server/cli.ts --help`.
 */
import { parseArgs } from "node:util";
import { launchUpstashDevServer } from "./launch.js";
import { DEFAULT_REDIS_URL } from "./redis-backend.js";

const HELP = `Usage: tsx tools/upstash-dev-server/cli.ts [options]

Upstash-REST-compatible dev server (development tooling; never expose it). Speaks Upstash's REST protocol —
POST / (one command), /pipeline, /multi-exec, bearer auth, Upstash-Encoding: base64 — on loopback only.

Options:
  --port <n>                   TCP port (default 8079; 0 picks a free one)
  --host <addr>                loopback address to bind (default 127.0.0.1; non-loopback is refused)
  --token <text>               bearer token clients must send (default: random, printed)
  --backend redis|memory       redis: forward to a real Redis; memory: in-process stand-in with a
                               command subset (default memory)
  --redis-url <url>            Redis for --backend redis (default $REDIS_URL or ${DEFAULT_REDIS_URL})
  --help                       show this help

Point clients at it with the two printed lines, e.g. for central:
  UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079 UPSTASH_REDIS_REST_TOKEN=<token> npm run start:central`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", default: "8079" },
        host: { type: "string", default: "127.0.0.1" },
        token: { type: "string" },
        backend: { type: "string", default: "memory" },
        "redis-url": { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nRun with --help for usage.`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    return usage(`--port must be a number from 0 to 65535, got "${values.port}"`);
  if (values.backend !== "memory" && values.backend !== "redis")
    return usage(`--backend must be redis or memory, got "${values.backend}"`);
  if (values.token !== undefined && values.token.length < 8) return usage("--token must be at least 8 characters");

  const started = await launchUpstashDevServer({
    backend: values.backend,
    redisUrl: values["redis-url"] ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    host: values.host,
    port,
    token: values.token,
  });
  if (!started.ok) {
    console.error(`upstash-dev-server: ${started.error.message}`);
    return 1;
  }
  const server = started.value;
  const backend =
    server.backend === "memory" ? "memory (in-process stand-in for Redis; data is lost on exit)" : "redis";
  console.log(`Upstash-REST-compatible dev server (development tooling) — backend: ${backend}
UPSTASH_REDIS_REST_URL=${server.url}
UPSTASH_REDIS_REST_TOKEN=${server.token}
Ctrl-C stops it.`);

  return await new Promise<number>((resolve) => {
    const stop = () =>
      void server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function usage(message: string): number {
  console.error(`${message}\nRun with --help for usage.`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
