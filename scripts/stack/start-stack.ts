import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { launchUpstashDevServer } from "../../tools/upstash-dev-server/launch.js";
import { startProcess, type ManagedProcess } from "./child-process.js";
import { waitHealthy } from "./wait-healthy.js";

/** Repository root (this file lives in scripts/stack/). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What to start: ports, where central keeps its data, and extra environment for central. */
export interface StackOptions {
  host?: string;
  centralPort: number;
  edgePort: number;
  /** Port of wrangler's devtools inspector; give a free one when several stacks may run at once. */
  inspectorPort: number;
  dataDir: string;
  adminToken?: string;
  edgeToken?: string;
  /** Extra variables for central (e.g. DATABASE_URL, GEMINI_API_KEY); defaults to this process's environment. */
  centralEnv?: NodeJS.ProcessEnv;
  /** Each output line of both processes, prefixed with its name. */
  onLine?: (line: string) => void;
  /** Progress messages ("starting central…"). */
  onProgress?: (message: string) => void;
  healthTimeoutMs?: number;
  /** Wrangler config for the edge, relative to the repository root (default `wrangler.toml`). */
  wranglerConfig?: string;
  /** Extra `[vars]` for the edge (passed as `wrangler dev --var NAME:value`). */
  edgeVars?: Record<string, string>;
  /** The edge's WEB_CONFIG secret (JSON); default: the WEB_CONFIG environment variable, else none. */
  webConfig?: string;
  /**
   * The edge summary cache: by default an in-process Upstash-REST dev server on the memory backend; with `redisUrl`,
   * on the redis backend; with `url` and `token`, an existing Upstash database (no dev server).
   */
  summaryCache?: { redisUrl?: string } | { url: string; token: string };
}

/** Where the stack's summary cache lives and what serves it. */
export interface StackSummaryCache {
  url: string;
  token: string;
  /** `memory` or `redis`: the dev server's backend; `external`: a given Upstash database. */
  kind: "memory" | "redis" | "external";
}

/** A running local system: central (Node) and the edge (wrangler dev / workerd). */
export interface RunningStack {
  centralUrl: string;
  edgeUrl: string;
  adminToken: string;
  edgeToken: string;
  summaryCache: StackSummaryCache;
  stop(): Promise<void>;
}

/**
 * Starts the summary cache's dev server (unless an Upstash database is given), central and the edge on loopback,
 * waits until central and the edge answer /healthz; on failure stops everything and throws.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const host = options.host ?? "127.0.0.1";
  const adminToken = options.adminToken ?? randomBytes(24).toString("hex");
  const edgeToken = options.edgeToken ?? randomBytes(24).toString("hex");
  const centralUrl = `http://${host}:${options.centralPort}`;
  const edgeUrl = `http://${host}:${options.edgePort}`;
  const progress = options.onProgress ?? (() => {});
  const timeoutMs = options.healthTimeoutMs ?? 60_000;
  const started: ManagedProcess[] = [];
  let closeCache = async () => {};
  const stopAll = async () => {
    await Promise.all(started.map((process) => process.stop()));
    await closeCache();
  };

  let summaryCache: StackSummaryCache;
  const cacheOption = options.summaryCache ?? {};
  if ("url" in cacheOption) {
    summaryCache = { url: cacheOption.url, token: cacheOption.token, kind: "external" };
  } else {
    const backend = cacheOption.redisUrl ? "redis" : "memory";
    progress(`starting the summary cache (Upstash dev server, ${backend} backend) …`);
    const cache = await launchUpstashDevServer({ backend, redisUrl: cacheOption.redisUrl, host });
    if (!cache.ok) throw new Error(`summary cache: ${cache.error.message}`);
    summaryCache = { url: cache.value.url, token: cache.value.token, kind: backend };
    closeCache = cache.value.close;
  }

  try {
    progress(`starting central on ${centralUrl} …`);
    const central = startProcess({
      name: "central",
      command: process.execPath,
      args: ["--import", "tsx", "central/main.ts"],
      cwd: REPO_ROOT,
      env: {
        ...(options.centralEnv ?? process.env),
        CENTRAL_HOST: host,
        CENTRAL_PORT: String(options.centralPort),
        FRONTDESK_DATA_DIR: options.dataDir,
        ADMIN_TOKEN: adminToken,
        EDGE_TOKEN: edgeToken,
        UPSTASH_REDIS_REST_URL: summaryCache.url,
        UPSTASH_REDIS_REST_TOKEN: summaryCache.token,
      },
      onLine: (line) => options.onLine?.(`[central] ${line}`),
    });
    started.push(central);

    progress(`starting the edge (wrangler dev, workerd) on ${edgeUrl} …`);
    const edge = startProcess({
      name: "edge",
      command: process.execPath,
      args: [
        "node_modules/wrangler/bin/wrangler.js",
        "dev",
        "--config",
        options.wranglerConfig ?? "wrangler.toml",
        "--ip",
        host,
        "--port",
        String(options.edgePort),
        "--inspector-port",
        String(options.inspectorPort),
        "--show-interactive-dev-session=false",
        "--var",
        `CENTRAL_URL:${centralUrl}`,
        "--var",
        `UPSTASH_REDIS_REST_URL:${summaryCache.url}`,
        ...Object.entries(options.edgeVars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      ],
      cwd: REPO_ROOT,
      // Wrangler reads the required secrets from its environment (wrangler.toml `secrets.required`).
      env: {
        ...process.env,
        EDGE_TOKEN: edgeToken,
        UPSTASH_REDIS_REST_TOKEN: summaryCache.token,
        // A required secret: the caller's channels (README, "Messaging channels"), else none (webhook routes answer
        // 404).
        CHANNELS_CONFIG: process.env.CHANNELS_CONFIG ?? '{"tenants":{}}',
        // Required: the key of web conversation tokens (generated per run unless given; a restart then ends open
        // conversations). WEB_CONFIG: the caller's, else empty (any tenant chats anonymously, default rate limits).
        CONVERSATION_TOKEN_SECRET: process.env.CONVERSATION_TOKEN_SECRET ?? randomBytes(32).toString("hex"),
        WEB_CONFIG: options.webConfig ?? process.env.WEB_CONFIG ?? "",
        WRANGLER_SEND_METRICS: "false",
        NO_COLOR: "1",
      },
      onLine: (line) => options.onLine?.(`[edge] ${line}`),
    });
    started.push(edge);

    for (const [process, url] of [
      [central, `${centralUrl}/healthz`],
      [edge, `${edgeUrl}/healthz`],
    ] as const) {
      const health = await waitHealthy({ url, timeoutMs, exited: process.exitReason });
      if (!health.ok) throw new Error(`${health.reason}\n--- last output of ${process.name} ---\n${process.tail()}`);
      progress(`${process.name} healthy after ${health.afterMs} ms`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  return { centralUrl, edgeUrl, adminToken, edgeToken, summaryCache, stop: stopAll };
}
