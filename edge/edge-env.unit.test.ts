import { describe, expect, it } from "vitest";
import { parseEdgeEnv } from "./edge-env.js";

const GOOD = {
  CENTRAL_URL: "http://central.test/",
  CENTRAL_TIMEOUT_MS: "2000",
  EDGE_TOKEN: "test-edge-token-0123456789",
  CONVERSATION_TOKEN_SECRET: "test-conversation-token-secret-0123456789",
};

describe("parseEdgeEnv", () => {
  it("accepts a good env, converting the timeout and dropping the URL's trailing slash", () => {
    expect(parseEdgeEnv(GOOD)).toEqual({
      ok: true,
      value: {
        CENTRAL_URL: "http://central.test",
        CENTRAL_TIMEOUT_MS: 2000,
        EDGE_TOKEN: GOOD.EDGE_TOKEN,
        CONVERSATION_TOKEN_SECRET: GOOD.CONVERSATION_TOKEN_SECRET,
        POLICY_REFRESH_MS: 1000,
        BODY_READ_TIMEOUT_MS: 10_000,
      },
    });
  });

  it("reads POLICY_REFRESH_MS (0 = every message) and refuses negative or non-numeric values", () => {
    const refresh = (value: string) => {
      const parsed = parseEdgeEnv({ ...GOOD, POLICY_REFRESH_MS: value });
      return parsed.ok ? parsed.value.POLICY_REFRESH_MS : parsed.error.message;
    };
    expect(refresh("0")).toBe(0);
    expect(refresh("250")).toBe(250);
    expect(refresh("")).toBe(1000);
    expect(refresh("-1")).toContain("POLICY_REFRESH_MS");
    expect(refresh("soon")).toContain("POLICY_REFRESH_MS");
  });

  it("reads BODY_READ_TIMEOUT_MS (default 10000) and refuses values below 100 ms or not numbers", () => {
    const timeout = (value: string) => {
      const parsed = parseEdgeEnv({ ...GOOD, BODY_READ_TIMEOUT_MS: value });
      return parsed.ok ? parsed.value.BODY_READ_TIMEOUT_MS : parsed.error.message;
    };
    expect(timeout("2500")).toBe(2500);
    expect(timeout("")).toBe(10_000);
    expect(timeout("0")).toContain("BODY_READ_TIMEOUT_MS");
    expect(timeout("soon")).toContain("BODY_READ_TIMEOUT_MS");
  });

  it("treats an empty or absent summary cache URL as no cache, whatever the token", () => {
    for (const extra of [
      {},
      { UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" },
      { UPSTASH_REDIS_REST_URL: "  ", UPSTASH_REDIS_REST_TOKEN: "unused" },
    ]) {
      const parsed = parseEdgeEnv({ ...GOOD, ...extra });
      expect(parsed.ok && parsed.value.UPSTASH_REDIS_REST_URL).toBeUndefined();
    }
  });

  it("accepts a summary cache URL with its token", () => {
    const parsed = parseEdgeEnv({
      ...GOOD,
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
      UPSTASH_REDIS_REST_TOKEN: "dev-token-123",
    });
    expect(parsed.ok && parsed.value).toMatchObject({
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
      UPSTASH_REDIS_REST_TOKEN: "dev-token-123",
    });
  });

  it.each([
    [
      "UPSTASH_REDIS_REST_URL",
      { UPSTASH_REDIS_REST_URL: "redis://127.0.0.1:6379", UPSTASH_REDIS_REST_TOKEN: "secret-token" },
    ],
    ["UPSTASH_REDIS_REST_TOKEN", { UPSTASH_REDIS_REST_URL: "https://eu1.upstash.test", UPSTASH_REDIS_REST_TOKEN: "" }],
  ])("rejects a bad summary cache setting and names %s without echoing the token", (name, override) => {
    const parsed = parseEdgeEnv({ ...GOOD, ...override });
    if (parsed.ok) throw new Error("expected a failure");
    expect(parsed.error.message).toContain(name);
    expect(parsed.error.message).not.toContain("secret-token");
  });

  it.each([
    ["CENTRAL_URL", { CENTRAL_URL: "not a url" }],
    ["CENTRAL_URL", { CENTRAL_URL: "ftp://central.test" }],
    ["CENTRAL_TIMEOUT_MS", { CENTRAL_TIMEOUT_MS: "0" }],
    ["CENTRAL_TIMEOUT_MS", { CENTRAL_TIMEOUT_MS: "1.5" }],
    ["CENTRAL_TIMEOUT_MS", { CENTRAL_TIMEOUT_MS: "soon" }],
    ["EDGE_TOKEN", { EDGE_TOKEN: "short" }],
    ["EDGE_TOKEN", { EDGE_TOKEN: undefined }],
  ])("rejects a bad %s and names it without echoing secrets", (name, override) => {
    const parsed = parseEdgeEnv({ ...GOOD, ...override });
    if (parsed.ok) throw new Error("expected a failure");
    expect(parsed.error.code).toBe("invalid_env");
    expect(parsed.error.message).toContain(name);
    expect(parsed.error.message).not.toContain("short");
  });
});
