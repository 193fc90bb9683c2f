import { describe, expect, it } from "vitest";
import { parseEdgeEnv } from "./edge-env.js";

const GOOD = {
  CENTRAL_URL: "http://central.test",
  CENTRAL_TIMEOUT_MS: "2000",
  EDGE_TOKEN: "test-edge-token-0123456789",
  CONVERSATION_TOKEN_SECRET: "test-conversation-token-secret-0123456789",
};

describe("parseEdgeEnv: EDGE_ROUTING and EDGE_MODEL_PINS", () => {
  it("treats empty values as unset (bundled routing defaults, no pins)", () => {
    const parsed = parseEdgeEnv({ ...GOOD, EDGE_ROUTING: "", EDGE_MODEL_PINS: " " });
    expect(parsed.ok && parsed.value.EDGE_ROUTING).toBeUndefined();
    expect(parsed.ok && parsed.value.EDGE_MODEL_PINS).toBeUndefined();
  });

  it("parses routing rules from JSON, filling in defaults", () => {
    const routing = {
      default: { answers: { greeting: "Hi!" } },
      tenants: { acme: { thresholds: { answerLocally: 0.9 } } },
    };
    const parsed = parseEdgeEnv({
      ...GOOD,
      EDGE_ROUTING: JSON.stringify(routing),
      EDGE_MODEL_PINS: '{"acme":"intents-v1"}',
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.EDGE_ROUTING?.default).toMatchObject({
      answers: { greeting: "Hi!" },
      handoffIntents: [],
      thresholds: { answerLocally: 0.7 },
    });
    expect(parsed.value.EDGE_ROUTING?.tenants.acme?.thresholds).toEqual({ answerLocally: 0.9, handoff: 0.5 });
    expect(parsed.value.EDGE_MODEL_PINS).toEqual({ acme: "intents-v1" });
  });

  it.each([
    ["EDGE_ROUTING", { EDGE_ROUTING: "{not json" }],
    ["EDGE_ROUTING", { EDGE_ROUTING: '{"default":{"thresholds":{"answerLocally":2}}}' }],
    ["EDGE_MODEL_PINS", { EDGE_MODEL_PINS: '{"acme":42}' }],
  ])("rejects a bad %s and names it", (name, override) => {
    const parsed = parseEdgeEnv({ ...GOOD, ...override });
    if (parsed.ok) throw new Error("expected a failure");
    expect(parsed.error.message).toContain(name);
  });
});
