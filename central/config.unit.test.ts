import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "./config.js";

const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
const tokens = { ADMIN_TOKEN: "admin-token-0123456789", EDGE_TOKEN: "edge-token-0123456789" };

function problemsOf(env: Record<string, string | undefined>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  expect(result.error.code).toBe("invalid_config");
  return result.error.problems;
}

describe("loadConfig", () => {
  it("applies the defaults when only the tokens are set", () => {
    const result = loadConfig(tokens);
    expect(result).toEqual({
      ok: true,
      value: {
        host: "127.0.0.1",
        port: 8788,
        databaseUrl: undefined,
        dataDir: "./data",
        adminToken: tokens.ADMIN_TOKEN,
        scopedAdminTokens: [],
        edgeToken: tokens.EDGE_TOKEN,
        llm: {
          geminiApiKey: undefined,
          model: "gemini-2.5-flash",
          baseUrl: undefined,
          timeoutMs: 30_000,
          maxRetries: 3,
          offlineTokenDelayMs: 40,
        },
        historyTurns: 20,
        summaryCache: { kind: "memory", ttlSeconds: 86_400 },
        encryptionMasterKey: undefined,
        projectionPollMs: 200,
        snapshotEvery: 100,
      },
    });
  });

  it("reads every variable when set", () => {
    const result = loadConfig({
      ...tokens,
      CENTRAL_HOST: "0.0.0.0",
      CENTRAL_PORT: "0",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/frontdesk",
      FRONTDESK_DATA_DIR: "/var/lib/frontdesk",
      GEMINI_API_KEY: "key",
      GEMINI_MODEL: "gemini-2.5-pro",
      GEMINI_BASE_URL: "http://127.0.0.1:9999",
      LLM_TIMEOUT_MS: "5000",
      LLM_MAX_RETRIES: "0",
      HISTORY_TURNS: "6",
      OFFLINE_TOKEN_DELAY_MS: "0",
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
      UPSTASH_REDIS_REST_TOKEN: "dev-token",
      SUMMARY_CACHE_TTL_SECONDS: "60",
      ENCRYPTION_MASTER_KEY: MASTER_KEY,
      PROJECTION_POLL_MS: "50",
      SNAPSHOT_EVERY: "10",
    });
    if (!result.ok) throw new Error(result.error.problems.join("; "));
    expect(result.value).toMatchObject({
      host: "0.0.0.0",
      port: 0,
      databaseUrl: "postgres://postgres@127.0.0.1:5432/frontdesk",
      dataDir: "/var/lib/frontdesk",
      llm: {
        geminiApiKey: "key",
        model: "gemini-2.5-pro",
        baseUrl: "http://127.0.0.1:9999",
        timeoutMs: 5000,
        maxRetries: 0,
        offlineTokenDelayMs: 0,
      },
      historyTurns: 6,
      summaryCache: { kind: "upstash", url: "http://127.0.0.1:8079", token: "dev-token", ttlSeconds: 60 },
      encryptionMasterKey: MASTER_KEY,
      projectionPollMs: 50,
      snapshotEvery: 10,
    });
  });

  it("requires a master key with PostgreSQL and a token with an Upstash URL", () => {
    expect(problemsOf({ ...tokens, DATABASE_URL: "postgres://127.0.0.1/x" }).join(" ")).toMatch(
      /ENCRYPTION_MASTER_KEY is required/,
    );
    expect(problemsOf({ ...tokens, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" }).join(" ")).toMatch(
      /UPSTASH_REDIS_REST_TOKEN is required/,
    );
    expect(problemsOf({ ...tokens, ENCRYPTION_MASTER_KEY: "c2hvcnQ=" }).join(" ")).toMatch(/exactly 32 bytes/);
  });

  it("treats empty values as unset", () => {
    const result = loadConfig({ ...tokens, GEMINI_API_KEY: "", CENTRAL_PORT: " ", DATABASE_URL: "" });
    expect(result.ok && result.value.llm.geminiApiKey).toBeUndefined();
    expect(result.ok && result.value.port).toBe(8788);
    expect(result.ok && result.value.databaseUrl).toBeUndefined();
  });

  it("says how to fix missing tokens", () => {
    expect(problemsOf({})).toEqual([
      "ADMIN_TOKEN is required: set it to a random string of at least 16 characters (e.g. openssl rand -hex 24)",
      "EDGE_TOKEN is required: set it to a random string of at least 16 characters (e.g. openssl rand -hex 24)",
    ]);
  });

  it("rejects a short token, naming its length", () => {
    expect(problemsOf({ ...tokens, ADMIN_TOKEN: "short" })).toEqual([
      "ADMIN_TOKEN is too short (5 characters): " +
        "set it to a random string of at least 16 characters (e.g. openssl rand -hex 24)",
    ]);
  });

  it("rejects an edge token equal to the admin token", () => {
    const [problem] = problemsOf({ ...tokens, EDGE_TOKEN: tokens.ADMIN_TOKEN });
    expect(problem).toMatch(/^EDGE_TOKEN must differ from ADMIN_TOKEN/);
  });

  it("reads scoped admin tokens from ADMIN_TOKENS and names each bad entry", () => {
    const entry = { id: "ops-acme", tokenSha256: "a".repeat(64), tenantId: "acme", scopes: ["read", "policy:write"] };
    const loaded = loadConfig({ ...tokens, ADMIN_TOKENS: JSON.stringify([entry]) });
    expect(loaded.ok && loaded.value.scopedAdminTokens).toEqual([entry]);
    expect(problemsOf({ ...tokens, ADMIN_TOKENS: "[oops" })).toEqual([
      expect.stringMatching(/^ADMIN_TOKENS must be JSON like .*: it is not JSON$/),
    ]);
    expect(problemsOf({ ...tokens, ADMIN_TOKENS: JSON.stringify([{ ...entry, scopes: ["root"] }]) })).toEqual([
      expect.stringMatching(/^ADMIN_TOKENS\[0\.scopes\.0\]: /),
    ]);
  });

  it("rejects a scoped admin token whose digest is the edge token's", () => {
    const digest = createHash("sha256").update(tokens.EDGE_TOKEN).digest("hex");
    const entry = { id: "oops", tokenSha256: digest, tenantId: "*", scopes: ["read"] };
    expect(problemsOf({ ...tokens, ADMIN_TOKENS: JSON.stringify([entry]) })).toEqual([
      expect.stringMatching(/^ADMIN_TOKENS must not contain EDGE_TOKEN's digest/),
    ]);
  });

  it("rejects numbers out of range or not numbers, one problem per variable", () => {
    const problems = problemsOf({ ...tokens, CENTRAL_PORT: "70000", LLM_TIMEOUT_MS: "soon", HISTORY_TURNS: "0" });
    expect(problems).toEqual([
      "CENTRAL_PORT must be a whole number from 0 to 65535: fix or unset it (default 8788)",
      "LLM_TIMEOUT_MS must be a whole number from 1 to 600000: fix or unset it (default 30000)",
      "HISTORY_TURNS must be a whole number from 1 to 1000: fix or unset it (default 20)",
    ]);
  });

  it("rejects a DATABASE_URL that is not a PostgreSQL URL", () => {
    expect(problemsOf({ ...tokens, DATABASE_URL: "mysql://localhost/db" })[0]).toMatch(
      /^DATABASE_URL is not a valid URL: use postgres:\/\//,
    );
    expect(problemsOf({ ...tokens, DATABASE_URL: "nonsense" })[0]).toMatch(/^DATABASE_URL/);
  });

  it("rejects a GEMINI_BASE_URL that is not http(s)", () => {
    expect(problemsOf({ ...tokens, GEMINI_BASE_URL: "ftp://example.com" })[0]).toMatch(
      /^GEMINI_BASE_URL is not a valid URL/,
    );
  });

  it("ignores unrelated variables", () => {
    expect(loadConfig({ ...tokens, PATH: "/usr/bin", CENTRAL_UNKNOWN: "x" }).ok).toBe(true);
  });
});

describe("CONFIG_VARIABLES", () => {
  it("documents every variable loadConfig reads, with a meaning", () => {
    expect(CONFIG_VARIABLES.map((variable) => variable.name)).toEqual([
      "CENTRAL_HOST",
      "CENTRAL_PORT",
      "DATABASE_URL",
      "FRONTDESK_DATA_DIR",
      "ADMIN_TOKEN",
      "ADMIN_TOKENS",
      "EDGE_TOKEN",
      "GEMINI_API_KEY",
      "GEMINI_MODEL",
      "GEMINI_BASE_URL",
      "LLM_TIMEOUT_MS",
      "LLM_MAX_RETRIES",
      "OFFLINE_TOKEN_DELAY_MS",
      "UPSTASH_REDIS_REST_URL",
      "UPSTASH_REDIS_REST_TOKEN",
      "SUMMARY_CACHE_TTL_SECONDS",
      "ENCRYPTION_MASTER_KEY",
      "PROJECTION_POLL_MS",
      "SNAPSHOT_EVERY",
      "HISTORY_TURNS",
    ]);
    for (const variable of CONFIG_VARIABLES) expect(variable.meaning.length).toBeGreaterThan(10);
  });

  it("lists defaults that loadConfig actually applies", () => {
    const result = loadConfig(tokens);
    if (!result.ok) throw new Error("unexpected");
    const byName = Object.fromEntries(CONFIG_VARIABLES.map((variable) => [variable.name, variable.default]));
    expect(byName.CENTRAL_PORT).toBe(String(result.value.port));
    expect(byName.CENTRAL_HOST).toBe(result.value.host);
    expect(byName.FRONTDESK_DATA_DIR).toBe(result.value.dataDir);
    expect(byName.GEMINI_MODEL).toBe(result.value.llm.model);
    expect(byName.LLM_TIMEOUT_MS).toBe(String(result.value.llm.timeoutMs));
    expect(byName.LLM_MAX_RETRIES).toBe(String(result.value.llm.maxRetries));
    expect(byName.HISTORY_TURNS).toBe(String(result.value.historyTurns));
  });
});
