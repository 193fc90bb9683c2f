import { describe, expect, it } from "vitest";
import {
  createScriptedFakeLlmProvider,
  fakeFailure,
  fakeReply,
} from "../../../test/support/scripted-fake-llm-provider.js";
import { useFakeGeminiServer } from "../../llm/gemini/fake-gemini-harness.js";
import { createOfflineLlmProvider } from "../../llm/offline/offline-llm-provider.js";
import { createLlmActionProposer } from "./action-proposer.js";
import { MODEL_PROPOSALS_JSON_SCHEMA } from "./model-proposals.js";

const messages = [{ role: "user" as const, text: "My order A-1 arrived broken, please refund me €12.50" }];
const refund = { type: "refund", amountMinor: 1250, currency: "EUR", orderId: "A-1", reason: "arrived broken" };

describe("LLM action proposer", () => {
  const fake = useFakeGeminiServer();

  it("asks Gemini for JSON with the proposals schema and validates the answer", async () => {
    fake
      .server()
      .enqueue({ kind: "reply", chunks: [JSON.stringify({ proposals: [refund] })], modelVersion: "gemini-test-007" });

    const result = await createLlmActionProposer(fake.gemini()).propose(messages);

    expect(result).toEqual({ ok: true, value: { proposals: [refund], provider: "gemini", model: "gemini-test-007" } });
    expect(fake.server().requests[0]?.body).toMatchObject({
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: MODEL_PROPOSALS_JSON_SCHEMA },
    });
  });

  it("turns Gemini output that breaks the contract into a semantic failure naming the problems", async () => {
    fake.server().enqueue({ kind: "reply", chunks: ['{"proposals":[{"type":"refund","amountMinor":"lots"}]}'] });

    const result = await createLlmActionProposer(fake.gemini()).propose(messages);

    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_output", kind: "semantic", provider: "gemini" },
    });
    if (!result.ok)
      expect(result.error.problems.map((problem) => problem.path)).toEqual([
        "proposals.0.amountMinor",
        "proposals.0.reason",
      ]);
  });

  it("reports a failed model call as model_failed with the call's failure kind", async () => {
    const llm = createScriptedFakeLlmProvider({
      script: () => fakeFailure({ code: "llm_timeout", kind: "transient" }),
    });

    const result = await createLlmActionProposer(llm).propose(messages);

    expect(result).toMatchObject({
      ok: false,
      error: { code: "model_failed", kind: "transient", problems: [{ path: "(call)" }] },
    });
  });

  it("sends the structured-output request to any provider, and reads the offline provider's proposals", async () => {
    const scripted = createScriptedFakeLlmProvider({ script: () => fakeReply('{"proposals":[]}') });
    await createLlmActionProposer(scripted).propose(messages);
    expect(scripted.requests[0]?.responseFormat).toEqual({ kind: "json", schema: MODEL_PROPOSALS_JSON_SCHEMA });

    const offline = await createLlmActionProposer(createOfflineLlmProvider({ delayMs: 0 })).propose(messages);
    expect(offline).toMatchObject({
      ok: true,
      value: {
        provider: "offline",
        proposals: [{ type: "refund", amountMinor: 1250, currency: "EUR", orderId: "A-1" }],
      },
    });
  });
});
