import { z } from "zod";
import { err, ok, type Result } from "../shared/result.js";
import { scopedAdminTokensSchema } from "./auth/admin-scopes.js";
import { tokenSha256 } from "./auth/admin-auth.js";

/** One environment variable central reads: its name, default (null when none) and meaning. */
export interface ConfigVariable {
  name: string;
  default: string | null;
  required: boolean;
  meaning: string;
}

/** Every environment variable central reads, with default and meaning (the README table is written from it). */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: "CENTRAL_HOST", default: "127.0.0.1", required: false, meaning: "Interface the HTTP server listens on." },
  {
    name: "CENTRAL_PORT",
    default: "8788",
    required: false,
    meaning: "TCP port of the HTTP server; 0 picks a free port.",
  },
  {
    name: "DATABASE_URL",
    default: null,
    required: false,
    meaning: "PostgreSQL connection URL (postgres://…); unset uses embedded PGlite under FRONTDESK_DATA_DIR.",
  },
  {
    name: "FRONTDESK_DATA_DIR",
    default: "./data",
    required: false,
    meaning: "Local data folder; PGlite lives in <dir>/pglite.",
  },
  {
    name: "ADMIN_TOKEN",
    default: null,
    required: true,
    meaning: "Bearer token for the admin API (at least 16 characters).",
  },
  {
    name: "ADMIN_TOKENS",
    default: null,
    required: false,
    meaning:
      'Scoped admin tokens, JSON [{"id","tokenSha256","tenantId" (or "*"),' +
      '"scopes":["policy:write"|"approvals:write"|"read"]}] (frontdesk tokens create prints an entry).',
  },
  {
    name: "EDGE_TOKEN",
    default: null,
    required: true,
    meaning: "Bearer token the edge presents to POST /v1/turns (at least 16 characters, different from ADMIN_TOKEN).",
  },
  {
    name: "GEMINI_API_KEY",
    default: null,
    required: false,
    meaning: "Gemini API key; set → Gemini answers, unset → the offline provider.",
  },
  { name: "GEMINI_MODEL", default: "gemini-2.5-flash", required: false, meaning: "Gemini model name." },
  {
    name: "GEMINI_BASE_URL",
    default: null,
    required: false,
    meaning: "Alternative Gemini API base URL (proxies, tests).",
  },
  { name: "LLM_TIMEOUT_MS", default: "30000", required: false, meaning: "Timeout of one model call, in milliseconds." },
  { name: "LLM_MAX_RETRIES", default: "3", required: false, meaning: "Retries of a transient model failure." },
  {
    name: "OFFLINE_TOKEN_DELAY_MS",
    default: "40",
    required: false,
    meaning: "Pause between the offline provider's streamed tokens (0 = none, e.g. for benchmarks).",
  },
  {
    name: "UPSTASH_REDIS_REST_URL",
    default: null,
    required: false,
    meaning: "Upstash (or the dev server's) REST URL of the edge summary cache; unset keeps summaries in memory only.",
  },
  {
    name: "UPSTASH_REDIS_REST_TOKEN",
    default: null,
    required: false,
    meaning: "Bearer token for UPSTASH_REDIS_REST_URL.",
  },
  {
    name: "SUMMARY_CACHE_TTL_SECONDS",
    default: "86400",
    required: false,
    meaning: "How long a cached customer summary lives.",
  },
  {
    name: "ENCRYPTION_MASTER_KEY",
    default: null,
    required: false,
    meaning:
      "Base64 of 32 random bytes wrapping the per-customer data keys (openssl rand -base64 32). " +
      "Unset with PGlite: generated once into <FRONTDESK_DATA_DIR>/master.key; required with DATABASE_URL.",
  },
  {
    name: "PROJECTION_POLL_MS",
    default: "200",
    required: false,
    meaning: "How often projections poll the log for new events.",
  },
  { name: "SNAPSHOT_EVERY", default: "100", required: false, meaning: "Write a conversation snapshot every N events." },
  {
    name: "HISTORY_TURNS",
    default: "20",
    required: false,
    meaning: "How many past messages of a conversation go to the model.",
  },
];

const TOKEN_HINT = "set it to a random string of at least 16 characters (e.g. openssl rand -hex 24)";

function token(name: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${name} is required: ${TOKEN_HINT}` : `${name} must be text`),
    })
    .min(16, {
      error: (issue) => `${name} is too short (${plural(String(issue.input).length, "character")}): ${TOKEN_HINT}`,
    });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function integer(name: string, fallback: number, min: number, max: number) {
  const message = `${name} must be a whole number from ${min} to ${max}: fix or unset it (default ${fallback})`;
  return z
    .string()
    .regex(/^\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: message }).max(max, { error: message }))
    .default(fallback);
}

/** `ADMIN_TOKENS`: a JSON list of scoped tokens; each problem names the entry and field. */
function adminTokens() {
  const hint =
    'ADMIN_TOKENS must be JSON like [{"id":"ops-acme","tokenSha256":"<64 hex>","tenantId":"acme","scopes":["read"]}]';
  return z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: `${hint}: it is not JSON` });
        return z.NEVER;
      }
    })
    .pipe(
      z.unknown().transform((value, ctx) => {
        const parsed = scopedAdminTokensSchema.safeParse(value);
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: "custom", message: `ADMIN_TOKENS[${issue.path.join(".")}]: ${issue.message}` });
        return z.NEVER;
      }),
    )
    .optional();
}

function url(name: string, protocols: RegExp, hint: string) {
  return z.url({ protocol: protocols, error: `${name} is not a valid URL: ${hint}` }).optional();
}

const envSchema = z
  .object({
    CENTRAL_HOST: z.string().default("127.0.0.1"),
    CENTRAL_PORT: integer("CENTRAL_PORT", 8788, 0, 65535),
    DATABASE_URL: url(
      "DATABASE_URL",
      /^postgres(ql)?$/,
      "use postgres://user:password@host:5432/db, or unset it for PGlite",
    ),
    FRONTDESK_DATA_DIR: z.string().default("./data"),
    ADMIN_TOKEN: token("ADMIN_TOKEN"),
    ADMIN_TOKENS: adminTokens(),
    EDGE_TOKEN: token("EDGE_TOKEN"),
    GEMINI_API_KEY: z.string().optional(),
    GEMINI_MODEL: z.string().default("gemini-2.5-flash"),
    GEMINI_BASE_URL: url("GEMINI_BASE_URL", /^https?$/, "use an http(s):// URL, or unset it for Google's endpoint"),
    LLM_TIMEOUT_MS: integer("LLM_TIMEOUT_MS", 30_000, 1, 600_000),
    LLM_MAX_RETRIES: integer("LLM_MAX_RETRIES", 3, 0, 10),
    OFFLINE_TOKEN_DELAY_MS: integer("OFFLINE_TOKEN_DELAY_MS", 40, 0, 10_000),
    HISTORY_TURNS: integer("HISTORY_TURNS", 20, 1, 1000),
    UPSTASH_REDIS_REST_URL: url(
      "UPSTASH_REDIS_REST_URL",
      /^https?$/,
      "use the REST URL (https://… or http://127.0.0.1:… for the dev server)",
    ),
    UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
    SUMMARY_CACHE_TTL_SECONDS: integer("SUMMARY_CACHE_TTL_SECONDS", 86_400, 1, 31_536_000),
    ENCRYPTION_MASTER_KEY: z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
        error: "ENCRYPTION_MASTER_KEY must be base64 of exactly 32 bytes: generate one with openssl rand -base64 32",
      })
      .optional(),
    PROJECTION_POLL_MS: integer("PROJECTION_POLL_MS", 200, 10, 60_000),
    SNAPSHOT_EVERY: integer("SNAPSHOT_EVERY", 100, 2, 100_000),
  })
  .refine((env) => !(env.ADMIN_TOKENS ?? []).some((entry) => entry.tokenSha256 === tokenSha256(env.EDGE_TOKEN)), {
    error: "ADMIN_TOKENS must not contain EDGE_TOKEN's digest: the edge token must not open the admin API",
    path: ["ADMIN_TOKENS"],
  })
  .refine((env) => env.ADMIN_TOKEN !== env.EDGE_TOKEN, {
    error: "EDGE_TOKEN must differ from ADMIN_TOKEN: the edge token must not open the admin API; generate another one",
    path: ["EDGE_TOKEN"],
  })
  .refine((env) => !env.UPSTASH_REDIS_REST_URL || env.UPSTASH_REDIS_REST_TOKEN, {
    error:
      "UPSTASH_REDIS_REST_TOKEN is required when UPSTASH_REDIS_REST_URL is set: " +
      "copy it from the Upstash console or the dev server",
    path: ["UPSTASH_REDIS_REST_TOKEN"],
  })
  .refine((env) => !env.DATABASE_URL || env.ENCRYPTION_MASTER_KEY, {
    error:
      "ENCRYPTION_MASTER_KEY is required with DATABASE_URL: generate one with openssl rand -base64 32 and keep it safe",
    path: ["ENCRYPTION_MASTER_KEY"],
  })
  .transform((env) => ({
    host: env.CENTRAL_HOST,
    port: env.CENTRAL_PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.FRONTDESK_DATA_DIR,
    adminToken: env.ADMIN_TOKEN,
    /** Scoped admin tokens (per tenant, per scope); `ADMIN_TOKEN` stays every scope on every tenant. */
    scopedAdminTokens: env.ADMIN_TOKENS ?? [],
    edgeToken: env.EDGE_TOKEN,
    llm: {
      geminiApiKey: env.GEMINI_API_KEY,
      model: env.GEMINI_MODEL,
      baseUrl: env.GEMINI_BASE_URL,
      timeoutMs: env.LLM_TIMEOUT_MS,
      maxRetries: env.LLM_MAX_RETRIES,
      offlineTokenDelayMs: env.OFFLINE_TOKEN_DELAY_MS,
    },
    historyTurns: env.HISTORY_TURNS,
    summaryCache: env.UPSTASH_REDIS_REST_URL
      ? {
          kind: "upstash" as const,
          url: env.UPSTASH_REDIS_REST_URL,
          token: env.UPSTASH_REDIS_REST_TOKEN ?? "",
          ttlSeconds: env.SUMMARY_CACHE_TTL_SECONDS,
        }
      : { kind: "memory" as const, ttlSeconds: env.SUMMARY_CACHE_TTL_SECONDS },
    /** Base64 master key, or undefined: generated into the data dir (PGlite only). */
    encryptionMasterKey: env.ENCRYPTION_MASTER_KEY,
    projectionPollMs: env.PROJECTION_POLL_MS,
    snapshotEvery: env.SNAPSHOT_EVERY,
  }));

/** Central's validated configuration. */
export type CentralConfig = z.output<typeof envSchema>;

/** Why the environment was rejected: one actionable message per problem. */
export interface InvalidConfig {
  code: "invalid_config";
  problems: string[];
}

/** Validates central's environment variables (pass `process.env`); empty values count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Result<CentralConfig, InvalidConfig> {
  const picked: Record<string, string | undefined> = {};
  for (const { name } of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    picked[name] = value === "" ? undefined : value;
  }
  const parsed = envSchema.safeParse(picked);
  if (parsed.success) return ok(parsed.data);
  return err({ code: "invalid_config", problems: parsed.error.issues.map((issue) => issue.message) });
}
