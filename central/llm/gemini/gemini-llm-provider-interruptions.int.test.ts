import { describe, expect, it } from "vitest";
import { collectEvents, contractRequest, tokenTexts } from "../llm-provider.contract.js";
import type { LlmStreamEvent } from "../llm-provider.js";
import { terminal, useFakeGeminiServer } from "./fake-gemini-harness.js";

const fake = useFakeGeminiServer();
const gemini = fake.gemini;

describe("Gemini provider: timeouts, aborts and broken streams", () => {
  it("times out each attempt on a hanging server and retries the timeout", async () => {
    fake.server().enqueue({ kind: "hang" });
    fake.server().enqueue({ kind: "hang" });

    const result = await gemini({ timeoutMs: 100, maxRetries: 1 }).complete(contractRequest());

    expect(result).toMatchObject({ ok: false, error: { code: "llm_timeout", kind: "transient", attempts: 2 } });
    expect(fake.server().requests).toHaveLength(2);
  });

  it("ends a stream that stalls after tokens with llm_timeout and no retry", async () => {
    fake.server().enqueue({ kind: "break-stream", chunks: ["Hel", "lo", " there"], afterChunks: 2, then: "hang" });

    const events = await collectEvents(gemini({ timeoutMs: 150 }).stream(contractRequest()));

    expect(tokenTexts(events)).toEqual(["Hel", "lo"]);
    expect(terminal(events)).toMatchObject({ type: "error", failure: { code: "llm_timeout", attempts: 1 } });
    expect(fake.server().requests).toHaveLength(1);
  });

  it("ends a stream broken after tokens with an error event and no retry", async () => {
    fake.server().enqueue({ kind: "break-stream", chunks: ["Hel", "lo", " there"], afterChunks: 2, then: "close" });

    const events = await collectEvents(gemini().stream(contractRequest()));

    expect(tokenTexts(events)).toEqual(["Hel", "lo"]);
    expect(events.filter((event) => event.type !== "token")).toHaveLength(1);
    expect(terminal(events)).toMatchObject({ type: "error", failure: { code: "llm_upstream_error", attempts: 1 } });
    expect(fake.server().requests).toHaveLength(1);
    expect(fake.sleeps()).toEqual([]);
  });

  it("does not count a slow consumer against the stall timeout", async () => {
    fake.server().enqueue({ kind: "reply", chunks: ["a", "b", "c"], chunkDelayMs: 10 });
    const events: LlmStreamEvent[] = [];
    for await (const event of gemini({ timeoutMs: 100 }).stream(contractRequest())) {
      events.push(event);
      if (event.type === "token") await new Promise((resolve) => setTimeout(resolve, 150));
    }

    expect(terminal(events)).toMatchObject({ type: "done", completion: { text: "abc" } });
  });

  it("ends a call in flight as llm_aborted when the caller aborts, without retrying", async () => {
    fake.server().enqueue({ kind: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const result = await gemini().complete(contractRequest(controller.signal));

    expect(result).toMatchObject({ ok: false, error: { code: "llm_aborted", attempts: 1 } });
    expect(fake.server().requests).toHaveLength(1);
  });

  it("ends as llm_aborted when the caller aborts while holding a token after the whole reply arrived", async () => {
    fake.server().enqueue({ kind: "reply", chunks: ["a", "b", "c"], chunkDelayMs: 1 });
    const controller = new AbortController();
    const events: LlmStreamEvent[] = [];
    for await (const event of gemini().stream(contractRequest(controller.signal))) {
      events.push(event);
      if (event.type !== "token") continue;
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
    }

    expect(tokenTexts(events)).toEqual(["a"]);
    expect(terminal(events)).toMatchObject({ type: "error", failure: { code: "llm_aborted", attempts: 1 } });
  });

  it("stops waiting for a retry when the caller aborts during the backoff", async () => {
    fake.server().enqueue({ kind: "status", status: 503 });
    const controller = new AbortController();
    const provider = gemini({
      sleep: () => {
        controller.abort();
        return new Promise<void>(() => {});
      },
    });

    const events = await collectEvents(provider.stream(contractRequest(controller.signal)));

    expect(events).toEqual([{ type: "error", failure: expect.objectContaining({ code: "llm_aborted", attempts: 1 }) }]);
    expect(fake.server().requests).toHaveLength(1);
  });
});
