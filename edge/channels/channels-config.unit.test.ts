import { describe, expect, it } from "vitest";
import { channelsConfigSchema } from "../../shared/channels/channels-config.js";
import { parseEdgeEnv } from "../edge-env.js";
import { testChannelsConfig } from "./testing/channel-test-kit.js";

const baseEnv = {
  CENTRAL_URL: "http://central.test",
  CENTRAL_TIMEOUT_MS: "2000",
  EDGE_TOKEN: "test-edge-token-0123456789",
  CONVERSATION_TOKEN_SECRET: "test-conversation-token-secret-0123456789",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
  UPSTASH_REDIS_REST_TOKEN: "dev-token-123",
};

describe("CHANNELS_CONFIG", () => {
  it("fills each channel's API base URL, send rate and the de-duplication TTL with defaults", () => {
    const config = channelsConfigSchema.parse({
      tenants: { acme: { telegram: { secretToken: "a-secret-token-of-16", botToken: "123456:ABC-def" } } },
    });
    expect(config.dedupeTtlSeconds).toBe(8 * 24 * 3600);
    expect(config.tenants.acme?.telegram).toMatchObject({
      apiBaseUrl: "https://api.telegram.org",
      sendRatePerSecond: 25,
    });
  });

  it("requires publicBaseUrl when a tenant has sms, and refuses unknown keys and malformed credentials", () => {
    const sms = { accountSid: `AC${"0".repeat(32)}`, authToken: "twilio-auth-token", fromNumber: "+15550001111" };
    const issues = (value: unknown) =>
      channelsConfigSchema.safeParse(value).error?.issues.map((issue) => issue.path.join("."));
    expect(issues({ tenants: { acme: { sms } } })).toEqual(["publicBaseUrl"]);
    expect(issues({ tenants: { acme: { fax: {} } } })).toEqual(["tenants.acme"]);
    expect(issues({ tenants: { acme: { telegram: { secretToken: "short", botToken: "123456:ABC" } } } })).toEqual([
      "tenants.acme.telegram.secretToken",
    ]);
    expect(issues({ tenants: { "bad tenant": {} } })).toEqual(["tenants.bad tenant"]);
  });

  it("is read from the Worker's env as JSON and needs the Upstash URL for de-duplication", () => {
    const json = JSON.stringify(testChannelsConfig());
    const parsed = parseEdgeEnv({ ...baseEnv, CHANNELS_CONFIG: json });
    expect(parsed.ok && parsed.value.CHANNELS_CONFIG?.tenants.globex?.slack?.replayWindowSeconds).toBe(300);
    expect(parseEdgeEnv({ ...baseEnv, CHANNELS_CONFIG: "" })).toMatchObject({
      ok: true,
      value: { CHANNELS_CONFIG: undefined },
    });
    const withoutCache = parseEdgeEnv({ ...baseEnv, UPSTASH_REDIS_REST_URL: "", CHANNELS_CONFIG: json });
    expect(withoutCache).toMatchObject({ ok: false, error: { code: "invalid_env" } });
    if (!withoutCache.ok) expect(withoutCache.error.message).toContain("CHANNELS_CONFIG");
    const broken = parseEdgeEnv({ ...baseEnv, CHANNELS_CONFIG: "{not json" });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.message).not.toContain("not json");
  });

  it("never echoes a secret in the env failure message", () => {
    const config = testChannelsConfig();
    const leaky = {
      ...config,
      tenants: {
        acme: { ...config.tenants.acme, slack: { signingSecret: "has a blank SECRET", botToken: "xoxb-1234567" } },
      },
    };
    const parsed = parseEdgeEnv({ ...baseEnv, CHANNELS_CONFIG: JSON.stringify(leaky) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).not.toContain("SECRET");
  });
});
