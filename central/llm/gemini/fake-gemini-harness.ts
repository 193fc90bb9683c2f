import { afterEach, beforeEach } from "vitest";
import type { LlmProvider, LlmStreamEvent } from "../llm-provider.js";
import { FAKE_GEMINI_API_KEY, type FakeGeminiServer, startFakeGeminiServer } from "./fake-gemini-server.js";
import { createGeminiLlmProvider, type GeminiLlmProviderOptions } from "./gemini-llm-provider.js";

/** A fake Gemini server per test and Gemini providers pointed at it. */
export interface FakeGeminiHarness {
  /** The current test's server. */
  server(): FakeGeminiServer;
  /** Backoff delays the providers asked to sleep in the current test (sleeping itself is skipped). */
  sleeps(): number[];
  /** A provider on the fake server: model `gemini-test`, timeout 2 s, 2 retries, random 0.5. */
  gemini(overrides?: Partial<GeminiLlmProviderOptions>): LlmProvider;
}

/** Registers hooks that start a fresh fake Gemini server before each test and close it after. */
export function useFakeGeminiServer(): FakeGeminiHarness {
  let server: FakeGeminiServer | undefined;
  let sleeps: number[] = [];
  beforeEach(async () => {
    server = await startFakeGeminiServer();
    sleeps = [];
  });
  afterEach(() => server?.close());
  const current = () => {
    if (server === undefined) throw new Error("the fake Gemini server runs only inside a test");
    return server;
  };
  return {
    server: current,
    sleeps: () => sleeps,
    gemini: (overrides = {}) =>
      createGeminiLlmProvider({
        apiKey: FAKE_GEMINI_API_KEY,
        model: "gemini-test",
        baseUrl: current().baseUrl,
        timeoutMs: 2_000,
        maxRetries: 2,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.5,
        ...overrides,
      }),
  };
}

/** The last event of a stream. */
export function terminal(events: LlmStreamEvent[]): LlmStreamEvent | undefined {
  return events.at(-1);
}
