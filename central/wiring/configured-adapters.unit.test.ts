import { describe, expect, it } from "vitest";
import { loadConfig, type CentralConfig } from "../config.js";
import { chooseLlmProvider, edgeCacheIsShared, policyPublisherFor, summaryCacheFor } from "./configured-adapters.js";

const llm = {
  geminiApiKey: undefined,
  model: "gemini-2.5-flash",
  baseUrl: undefined,
  timeoutMs: 1000,
  maxRetries: 0,
  offlineTokenDelayMs: 0,
};

function configWith(env: Record<string, string> = {}): CentralConfig {
  const config = loadConfig({
    ADMIN_TOKEN: "admin-token-0123456789abcdef",
    EDGE_TOKEN: "edge-token-0123456789ab",
    ...env,
  });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  return config.value;
}

// Nothing listens on port 1: an Upstash adapter answers every call with a failure value.
const UNREACHABLE_UPSTASH = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_TOKEN: "token" };

describe("chooseLlmProvider", () => {
  it("uses the offline provider when no Gemini key is set", () => {
    expect(chooseLlmProvider(llm)).toMatchObject({ offline: true });
  });

  it("uses Gemini with the configured model when a key is set", () => {
    const provider = chooseLlmProvider({ ...llm, geminiApiKey: "key", baseUrl: "http://127.0.0.1:1" });
    expect(provider).toMatchObject({ offline: false, model: "gemini-2.5-flash" });
    expect(provider.name).toMatch(/gemini/);
  });
});

describe("the configured edge cache", () => {
  it("lives in memory, unshared, when Upstash is not configured", async () => {
    const config = configWith();
    expect(edgeCacheIsShared(config)).toBe(false);
    expect(await summaryCacheFor(config).read("acme", "cust-1")).toEqual({ ok: true, value: null });
    expect(await policyPublisherFor(config).read("acme")).toEqual({ ok: true, value: null });
  });

  it("is the configured Upstash, shared, when its URL is set", async () => {
    const config = configWith(UNREACHABLE_UPSTASH);
    expect(edgeCacheIsShared(config)).toBe(true);
    expect(await summaryCacheFor(config).read("acme", "cust-1")).toMatchObject({
      ok: false,
      error: { code: "cache_unavailable" },
    });
    expect(await policyPublisherFor(config).read("acme")).toMatchObject({
      ok: false,
      error: { code: "cache_unavailable" },
    });
  });
});
