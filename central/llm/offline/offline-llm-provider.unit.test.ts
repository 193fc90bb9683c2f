import { describe, expect, it } from "vitest";
import type { LlmRequest } from "../llm-provider.js";
import { collectEvents, contractRequest, describeLlmProviderContract, tokenTexts } from "../llm-provider.contract.js";
import { createOfflineLlmProvider, offlineReply } from "./offline-llm-provider.js";

describeLlmProviderContract("offline", () => createOfflineLlmProvider({ delayMs: 0 }));

function askOnce(text: string, signal?: AbortSignal): LlmRequest {
  return { system: "ignored", messages: [{ role: "user", text }], ...(signal ? { signal } : {}) };
}

describe("offline LLM provider", () => {
  it("says plainly that it is offline and how to turn Gemini on", () => {
    const text = offlineReply(askOnce("Is breakfast included?"));

    expect(text).toBe(
      '[offline model — no GEMINI_API_KEY set] I received: "Is breakfast included?". ' +
        "A real model would answer here; set GEMINI_API_KEY to use Gemini.",
    );
  });

  it("quotes the customer's last message, not an earlier one or the model's", () => {
    const text = offlineReply(contractRequest());

    expect(text).toContain('"Do you have a room for two nights from Friday?"');
    expect(text).not.toContain("Hello");
  });

  it("truncates a long message and flattens its line breaks", () => {
    const long = `first line\n${"word ".repeat(100)}`;

    const quoted = /I received: "(.*)"\./.exec(offlineReply(askOnce(long)))?.[1] ?? "";

    expect(quoted.length).toBeLessThanOrEqual(120);
    expect(quoted.endsWith("…")).toBe(true);
    expect(quoted).not.toContain("\n");
  });

  it("answers an empty message without quoting nothing", () => {
    expect(offlineReply(askOnce("   "))).toContain("I received an empty message.");
  });

  it("streams the reply as several word groups and describes itself honestly", async () => {
    const provider = createOfflineLlmProvider({ delayMs: 0 });

    const events = await collectEvents(provider.stream(askOnce("Hi")));

    expect(tokenTexts(events).length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({
      type: "done",
      completion: { model: "offline-echo-1", usage: null, attempts: 1 },
    });
    expect(provider).toMatchObject({ name: "offline", model: "offline-echo-1", offline: true });
  });

  it("returns the same text from complete() as from a stream", async () => {
    const provider = createOfflineLlmProvider({ delayMs: 0 });

    const result = await provider.complete(askOnce("Late checkout?"));
    const streamed = tokenTexts(await collectEvents(provider.stream(askOnce("Late checkout?")))).join("");

    expect(result).toMatchObject({ ok: true, value: { text: streamed, usage: null, attempts: 1 } });
  });

  it("spaces tokens by the configured delay and measures the latency", async () => {
    const events = await collectEvents(createOfflineLlmProvider({ delayMs: 20 }).stream(askOnce("Hi")));

    const done = events.at(-1);
    const gaps = tokenTexts(events).length - 1;
    expect(done?.type === "done" ? done.completion.latencyMs : -1).toBeGreaterThanOrEqual(gaps * 20 - 5);
  });

  it("stops streaming with llm_aborted when the signal aborts mid-stream", async () => {
    const controller = new AbortController();
    const events = [];
    for await (const event of createOfflineLlmProvider({ delayMs: 5 }).stream(askOnce("Hi", controller.signal))) {
      events.push(event);
      if (event.type === "token") controller.abort();
    }

    expect(tokenTexts(events)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: "error", failure: { code: "llm_aborted", attempts: 1 } });
  });
});
