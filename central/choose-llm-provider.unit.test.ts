import { describe, expect, it } from "vitest";
import { chooseLlmProvider } from "./choose-llm-provider.js";

const llm = {
  geminiApiKey: undefined,
  model: "gemini-2.5-flash",
  baseUrl: undefined,
  timeoutMs: 1000,
  maxRetries: 0,
  offlineTokenDelayMs: 0,
};

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
