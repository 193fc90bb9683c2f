import { err, ok } from "../../../shared/result.js";
import type { LlmCompletion, LlmFailure, LlmProvider, LlmRequest, LlmStreamEvent } from "../llm-provider.js";
import { OFFLINE_PROPOSER_MODEL, offlineProposalsJson } from "./offline-proposals.js";

/** Settings of the offline provider. */
export interface OfflineLlmProviderOptions {
  /** Pause between streamed word groups, so streaming shows; defaults to 40 ms. */
  delayMs?: number;
}

/** Model name the offline provider reports. */
export const OFFLINE_MODEL = "offline-echo-1";

const QUOTE_LIMIT = 120;
const WORDS_PER_TOKEN = 3;

/** Creates the provider used when no model is configured: canned, deterministic replies that say they are offline. */
export function createOfflineLlmProvider(options: OfflineLlmProviderOptions = {}): LlmProvider {
  const delayMs = options.delayMs ?? 40;

  async function* stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent> {
    const startedAt = performance.now();
    if (request.signal?.aborted) {
      yield { type: "error", failure: aborted(0) };
      return;
    }
    const text = offlineReply(request);
    for (const [index, token] of wordGroups(text).entries()) {
      if (index > 0 && delayMs > 0) await pause(delayMs);
      if (request.signal?.aborted) {
        yield { type: "error", failure: aborted(1) };
        return;
      }
      yield { type: "token", text: token };
    }
    yield { type: "done", completion: completion(text, startedAt) };
  }

  return {
    name: "offline",
    model: OFFLINE_MODEL,
    offline: true,
    stream,
    complete: async (request) => {
      const startedAt = performance.now();
      if (request.signal?.aborted) return err(aborted(0));
      // Structured output: the offline proposer's JSON (the only structured answer this provider knows).
      if (request.responseFormat)
        return ok({ ...completion(offlineProposalsJson(request), startedAt), model: OFFLINE_PROPOSER_MODEL });
      return ok(completion(offlineReply(request), startedAt));
    },
  };
}

/** The canned reply: labelled offline, quoting (truncated) the customer's last message. */
export function offlineReply(request: LlmRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === "user");
  const said = (last?.text ?? "").replace(/\s+/g, " ").trim();
  const quoted = said.length > QUOTE_LIMIT ? `${said.slice(0, QUOTE_LIMIT - 1).trimEnd()}…` : said;
  const received = quoted === "" ? "I received an empty message." : `I received: "${quoted}".`;
  return (
    `[offline model — no GEMINI_API_KEY set] ${received} ` +
    "A real model would answer here; set GEMINI_API_KEY to use Gemini."
  );
}

function wordGroups(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  const groups: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_TOKEN) groups.push(words.slice(i, i + WORDS_PER_TOKEN).join(""));
  return groups;
}

function completion(text: string, startedAt: number): LlmCompletion {
  const latencyMs = Math.max(0, Math.round(performance.now() - startedAt));
  return { text, model: OFFLINE_MODEL, usage: null, attempts: 1, latencyMs };
}

function aborted(attempts: number): LlmFailure {
  return { code: "llm_aborted", message: "the caller aborted the call", kind: "transient", attempts };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
