import { GenerateContentResponse } from "@google/genai";
import { describe, expect, it } from "vitest";
import {
  addChunk,
  emptyReply,
  judgeReply,
  responseText,
  toGenerateContentParameters,
  toTokenUsage,
} from "./gemini-mapping.js";

function response(fields: Partial<GenerateContentResponse>): GenerateContentResponse {
  return Object.assign(new GenerateContentResponse(), fields);
}

const call = { signal: new AbortController().signal, fetch: globalThis.fetch };

describe("toGenerateContentParameters", () => {
  it("maps messages to contents with their roles and the system text to systemInstruction", () => {
    const params = toGenerateContentParameters(
      "gemini-test",
      {
        system: "Be brief.",
        messages: [
          { role: "user", text: "Hi" },
          { role: "model", text: "Hello" },
        ],
      },
      call,
    );

    expect(params.model).toBe("gemini-test");
    expect(params.contents).toEqual([
      { role: "user", parts: [{ text: "Hi" }] },
      { role: "model", parts: [{ text: "Hello" }] },
    ]);
    expect(params.config).toMatchObject({ systemInstruction: "Be brief.", automaticContinuation: false });
    expect(params.config?.abortSignal).toBe(call.signal);
    expect(params.config?.httpOptions?.fetch).toBe(call.fetch);
  });

  it("leaves out an empty system instruction", () => {
    const params = toGenerateContentParameters("m", { system: " ", messages: [] }, call);

    expect(params.config).not.toHaveProperty("systemInstruction");
  });

  it("asks for JSON with the response schema when the request wants structured output", () => {
    const schema = { type: "object", properties: { proposals: { type: "array" } }, required: ["proposals"] };
    const params = toGenerateContentParameters(
      "m",
      { system: "s", messages: [], responseFormat: { kind: "json", schema } },
      call,
    );

    expect(params.config).toMatchObject({ responseMimeType: "application/json", responseJsonSchema: schema });
  });

  it("asks for prose (no response schema) by default", () => {
    const params = toGenerateContentParameters("m", { system: "s", messages: [] }, call);

    expect(params.config).not.toHaveProperty("responseMimeType");
    expect(params.config).not.toHaveProperty("responseJsonSchema");
  });
});

describe("reading responses", () => {
  it("joins the text parts and leaves thoughts out", () => {
    const chunk = response({
      candidates: [
        { content: { role: "model", parts: [{ text: "plan", thought: true }, { text: "A" }, { text: "B" }] } },
      ],
    });

    expect(responseText(chunk)).toBe("AB");
  });

  it("maps usage metadata, counting omitted fields as zero", () => {
    expect(toTokenUsage({ promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 })).toEqual({
      inputTokens: 4,
      outputTokens: 2,
      totalTokens: 6,
    });
    expect(toTokenUsage({ promptTokenCount: 4, totalTokenCount: 4 })).toEqual({
      inputTokens: 4,
      outputTokens: 0,
      totalTokens: 4,
    });
    expect(toTokenUsage(undefined)).toBeNull();
    expect(toTokenUsage({})).toBeNull();
  });

  it("keeps the latest usage and model version across chunks", () => {
    const reply = emptyReply();
    addChunk(reply, response({ usageMetadata: { promptTokenCount: 1, totalTokenCount: 1 }, modelVersion: "v1" }));
    addChunk(reply, response({ usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 3, totalTokenCount: 4 } }));

    expect(reply.usage).toEqual({ inputTokens: 1, outputTokens: 3, totalTokens: 4 });
    expect(reply.modelVersion).toBe("v1");
  });
});

describe("judgeReply", () => {
  const base = { ...emptyReply(), text: "Hello", finishReason: "STOP" };

  it("accepts a reply that stopped normally or at the length limit", () => {
    expect(judgeReply(base)).toBeNull();
    expect(judgeReply({ ...base, finishReason: "MAX_TOKENS" })).toBeNull();
  });

  it("rejects a blocked prompt, a safety stop and an empty reply as semantic", () => {
    for (const reply of [
      { ...base, text: "", finishReason: undefined, blockReason: "SAFETY" },
      { ...base, finishReason: "SAFETY" },
      { ...base, text: "" },
    ]) {
      expect(judgeReply(reply)).toMatchObject({ code: "llm_rejected", kind: "semantic" });
    }
  });

  it("treats a reply without a finish reason as cut off upstream", () => {
    expect(judgeReply({ ...base, finishReason: undefined })).toMatchObject({
      code: "llm_upstream_error",
      kind: "transient",
    });
  });
});
