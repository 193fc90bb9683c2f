import { describe, expect, it } from "vitest";
import type { LlmProvider, LlmRequest, LlmStreamEvent } from "./llm-provider.js";

/** Collects every event of a stream. */
export async function collectEvents(stream: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const events: LlmStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The texts of the token events. */
export function tokenTexts(events: LlmStreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === "token" ? [event.text] : []));
}

/** A short conversation every provider can answer. */
export function contractRequest(signal?: AbortSignal): LlmRequest {
  return {
    system: "You are the front desk of a small hotel. Answer briefly.",
    messages: [
      { role: "user", text: "Hello!" },
      { role: "model", text: "Hello, how can I help?" },
      { role: "user", text: "Do you have a room for two nights from Friday?" },
    ],
    ...(signal === undefined ? {} : { signal }),
  };
}

/** The behaviour every `LlmProvider` adapter must show; `makeProvider` is called inside each test. */
export function describeLlmProviderContract(
  name: string,
  makeProvider: () => LlmProvider | Promise<LlmProvider>,
): void {
  describe(`LlmProvider contract: ${name}`, () => {
    it("streams at least one token, then exactly one terminal event, which comes last", async () => {
      const events = await collectEvents((await makeProvider()).stream(contractRequest()));

      expect(tokenTexts(events).length).toBeGreaterThanOrEqual(1);
      const terminals = events.filter((event) => event.type !== "token");
      expect(terminals).toHaveLength(1);
      expect(events.at(-1)?.type).toBe("done");
    });

    it("reports a completion whose text is the concatenation of the streamed tokens", async () => {
      const events = await collectEvents((await makeProvider()).stream(contractRequest()));

      const done = events.at(-1);
      if (done?.type !== "done") throw new Error(`expected done, got ${JSON.stringify(done)}`);
      expect(done.completion.text).toBe(tokenTexts(events).join(""));
      expect(done.completion.attempts).toBeGreaterThanOrEqual(1);
      expect(done.completion.latencyMs).toBeGreaterThanOrEqual(0);
      expect(done.completion.model).not.toBe("");
    });

    it("completes a request with a non-empty text", async () => {
      const result = await (await makeProvider()).complete(contractRequest());

      if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
      expect(result.value.text.trim()).not.toBe("");
      expect(result.value.attempts).toBeGreaterThanOrEqual(1);
    });

    it("ends a stream with an already-aborted signal as llm_aborted, without tokens", async () => {
      const controller = new AbortController();
      controller.abort();

      const events = await collectEvents((await makeProvider()).stream(contractRequest(controller.signal)));

      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: "error", failure: { code: "llm_aborted" } });
    });

    it("fails complete() with an already-aborted signal as llm_aborted", async () => {
      const controller = new AbortController();
      controller.abort();

      const result = await (await makeProvider()).complete(contractRequest(controller.signal));

      expect(result).toMatchObject({ ok: false, error: { code: "llm_aborted" } });
    });

    it("names itself and its model", async () => {
      const provider = await makeProvider();

      expect(provider.name).not.toBe("");
      expect(provider.model).not.toBe("");
    });
  });
}
