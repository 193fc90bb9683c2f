import { describe, expect, it } from "vitest";
import { parseEdgeEnv } from "./edge-env.js";

const GOOD = { CENTRAL_URL: "http://central.test/", CENTRAL_TIMEOUT_MS: "2000", EDGE_TOKEN: "test-edge-token-0123456789" };

describe("parseEdgeEnv", () => {
  it("accepts a good env, converting the timeout and dropping the URL's trailing slash", () => {
    expect(parseEdgeEnv(GOOD)).toEqual({
      ok: true,
      value: { CENTRAL_URL: "http://central.test", CENTRAL_TIMEOUT_MS: 2000, EDGE_TOKEN: GOOD.EDGE_TOKEN },
    });
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
