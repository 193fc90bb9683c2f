import { describe, expect, it } from "vitest";
import { collectEvents, contractRequest, describeLlmProviderContract, tokenTexts } from "../llm-provider.contract.js";
import type { LlmStreamEvent } from "../llm-provider.js";
import { terminal, useFakeGeminiServer } from "./fake-gemini-harness.js";
import { FAKE_DEFAULT_CHUNKS, FAKE_GEMINI_API_KEY } from "./fake-gemini-server.js";
import { backoffDelayMs, DEFAULT_BACKOFF } from "./retry-policy.js";

const fake = useFakeGeminiServer();
const gemini = fake.gemini;

describeLlmProviderContract("gemini against the fake Gemini server", () => gemini());

describe("Gemini provider: requests and replies", () => {
  it("sends the API key header, the system instruction and the conversation with its roles", async () => {
    await gemini().complete(contractRequest());

    const [request] = fake.server().requests;
    expect(request?.path).toBe("/v1beta/models/gemini-test:generateContent");
    expect(request?.headers["x-goog-api-key"]).toBe(FAKE_GEMINI_API_KEY);
    expect(request?.body).toMatchObject({
      systemInstruction: { parts: [{ text: contractRequest().system }] },
      contents: contractRequest().messages.map((m) => ({ role: m.role, parts: [{ text: m.text }] })),
    });
  });

  it("streams through streamGenerateContent with alt=sse, one token per chunk as chunks arrive", async () => {
    fake.server().enqueue({ kind: "reply", chunks: ["One", " two", " three"], chunkDelayMs: 60 });
    const arrivals: number[] = [];
    const events: LlmStreamEvent[] = [];
    for await (const event of gemini().stream(contractRequest())) {
      if (event.type === "token") arrivals.push(performance.now());
      events.push(event);
    }

    expect(fake.server().requests[0]?.path).toBe("/v1beta/models/gemini-test:streamGenerateContent?alt=sse");
    expect(tokenTexts(events)).toEqual(["One", " two", " three"]);
    expect((arrivals[2] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(100);
    expect(terminal(events)).toMatchObject({ type: "done", completion: { text: "One two three", attempts: 1 } });
  });

  it("maps the last chunk's usage metadata and reports the model version that answered", async () => {
    const usage = { promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18 };
    fake.server().enqueue({ kind: "reply", chunks: ["a", "b"], usage, modelVersion: "gemini-test-002" });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(terminal(events)).toMatchObject({
      type: "done",
      completion: { model: "gemini-test-002", usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } },
    });
  });

  it("maps usage from generateContent too", async () => {
    const usage = { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 };
    fake.server().enqueue({ kind: "reply", chunks: ["Yes", "."], usage });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({
      ok: true,
      value: { text: "Yes.", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, attempts: 1 },
    });
  });

  it("reports null usage and the configured model when Gemini reports neither", async () => {
    fake.server().enqueue({ kind: "reply", chunks: ["ok"], usage: null, modelVersion: null });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({ ok: true, value: { usage: null, model: "gemini-test" } });
  });

  it("rejects a reply stopped for safety as semantic, without retrying", async () => {
    fake.server().enqueue({ kind: "reply", chunks: [], finishReason: "SAFETY" });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_rejected", kind: "semantic", attempts: 1 } });
    expect(fake.server().requests).toHaveLength(1);
  });

  it("ends a stream with no text as a semantic rejection", async () => {
    fake.server().enqueue({ kind: "reply", chunks: [], finishReason: "SAFETY" });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(events).toEqual([
      { type: "error", failure: expect.objectContaining({ code: "llm_rejected", kind: "semantic", attempts: 1 }) },
    ]);
  });
});

describe("Gemini provider: retries", () => {
  it("retries a 429 after a backoff sleep and reports two attempts", async () => {
    fake.server().enqueue({ kind: "status", status: 429 });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({ ok: true, value: { attempts: 2 } });
    expect(fake.server().requests).toHaveLength(2);
    expect(fake.sleeps()).toEqual([backoffDelayMs(0, DEFAULT_BACKOFF, () => 0.5)]);
  });

  it("honours the Retry-After header of a 429", async () => {
    fake.server().enqueue({ kind: "status", status: 429, retryAfter: "3" });

    await gemini().complete(contractRequest());

    expect(fake.sleeps()).toEqual([3_000]);
  });

  it("honours the RetryInfo delay of a 429 on a stream", async () => {
    fake.server().enqueue({ kind: "status", status: 429, retryDelay: "2s" });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(terminal(events)).toMatchObject({ type: "done", completion: { attempts: 2 } });
    expect(fake.sleeps()).toEqual([2_000]);
  });

  it("gives up at once as rate limited when asked to wait unreasonably long", async () => {
    fake.server().enqueue({ kind: "status", status: 429, retryAfter: "3600" });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_rate_limited", kind: "transient", attempts: 1 } });
    expect(fake.sleeps()).toEqual([]);
  });

  it("retries 500 twice with growing backoff, then succeeds", async () => {
    fake.server().enqueue({ kind: "status", status: 500 });
    fake.server().enqueue({ kind: "status", status: 503 });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(terminal(events)).toMatchObject({ type: "done", completion: { attempts: 3 } });
    expect(tokenTexts(events)).toEqual(FAKE_DEFAULT_CHUNKS);
    expect(fake.sleeps()).toEqual([0, 1].map((retry) => backoffDelayMs(retry, DEFAULT_BACKOFF, () => 0.5)));
  });

  it("fails with llm_upstream_error after maxRetries + 1 attempts of 500", async () => {
    for (let i = 0; i < 4; i += 1) fake.server().enqueue({ kind: "status", status: 500 });

    const result = await gemini({ maxRetries: 2 }).complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_upstream_error", kind: "transient", attempts: 3 } });
    expect(fake.server().requests).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    fake.server().enqueue({ kind: "status", status: 400 });

    const result = await gemini().complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_rejected", kind: "systemic", attempts: 1 } });
    expect(fake.server().requests).toHaveLength(1);
    expect(fake.sleeps()).toEqual([]);
  });

  it("rejects a wrong API key as systemic, without retrying", async () => {
    const result = await gemini({ apiKey: "not-the-key" }).complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_rejected", kind: "systemic", attempts: 1 } });
    expect(!result.ok && result.error.message).toContain("UNAUTHENTICATED");
    expect(!result.ok && result.error.message).not.toContain("not-the-key");
  });

  it("retries a stream that breaks before its first token", async () => {
    fake.server().enqueue({ kind: "break-stream", chunks: ["lost"], afterChunks: 0, then: "close" });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(terminal(events)).toMatchObject({ type: "done", completion: { attempts: 2 } });
    expect(tokenTexts(events)).toEqual(FAKE_DEFAULT_CHUNKS);
  });
});
