import { type GenerateContentParameters, type GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { err, ok } from "../../../shared/result.js";
import type { LlmProvider, LlmRequest, LlmStreamEvent } from "../llm-provider.js";
import { openAttemptScope } from "./attempt-scope.js";
import { type DescribedFailure, describeAttemptError } from "./gemini-failure.js";
import { addChunk, emptyReply, judgeReply, toGenerateContentParameters } from "./gemini-mapping.js";
import { DEFAULT_BACKOFF, nextRetryDelayMs } from "./retry-policy.js";

/** Settings and dependencies of the Gemini provider. */
export interface GeminiLlmProviderOptions {
  apiKey: string;
  model: string;
  /** Defaults to Google's endpoint; tests point it at the fake server. */
  baseUrl?: string;
  /** Deadline of one attempt: until the answer starts, and between two streamed chunks. */
  timeoutMs: number;
  /** Retries after the first attempt, for transient failures only. */
  maxRetries: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

type OpenChunks = (params: GenerateContentParameters) => Promise<AsyncIterable<GenerateContentResponse>>;

const ABORTED: DescribedFailure = {
  code: "llm_aborted",
  kind: "transient",
  retryAfterMs: null,
  message: "the caller aborted the call",
};

/** Creates the Gemini provider on `@google/genai`; retries, timeouts and attempt counts are ours, not the SDK's. */
export function createGeminiLlmProvider(options: GeminiLlmProviderOptions): LlmProvider {
  const { model, timeoutMs, maxRetries } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    // SDK retries are opt-in (httpOptions.retryOptions); one attempt each, so every HTTP request is one of ours.
    httpOptions: {
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      retryOptions: { attempts: 1 },
    },
  });
  const openStream: OpenChunks = (params) => ai.models.generateContentStream(params);
  const openWhole: OpenChunks = async (params) => single(await ai.models.generateContent(params));

  async function* run(request: LlmRequest, open: OpenChunks): AsyncGenerator<LlmStreamEvent> {
    const startedAt = now();
    let attemptsMade = 0;
    let httpRequests = 0;
    const failed = (failure: DescribedFailure): LlmStreamEvent => ({
      type: "error",
      failure: { code: failure.code, message: failure.message, kind: failure.kind, attempts: httpRequests },
    });

    for (;;) {
      if (request.signal?.aborted) {
        yield failed(ABORTED);
        return;
      }
      attemptsMade += 1;
      const scope = openAttemptScope({ timeoutMs, ...(request.signal ? { callerSignal: request.signal } : {}) });
      const reply = emptyReply();
      let tokens = 0;
      let failure: DescribedFailure | null = null;
      let chunks: AsyncIterator<GenerateContentResponse> | undefined;
      try {
        chunks = (await scope.race(open(toGenerateContentParameters(model, request, scope))))[Symbol.asyncIterator]();
        for (let step = await scope.race(chunks.next()); step.done !== true; step = await scope.race(chunks.next())) {
          scope.pause();
          const piece = addChunk(reply, step.value);
          if (piece !== "") {
            tokens += 1;
            yield { type: "token", text: piece };
          }
          scope.arm();
        }
      } catch (error) {
        const context = { timedOut: scope.timedOut(), callerAborted: scope.callerAborted(), timeoutMs };
        failure = describeAttemptError(error, { ...context, retryAfterHeader: scope.retryAfterHeader(), nowMs: now() });
      } finally {
        httpRequests += scope.httpRequests();
        scope.close();
        // Not awaited: after an abort the SDK's pending read may never settle.
        chunks?.return?.().catch(() => {});
      }

      if (failure === null) {
        const rejection = judgeReply(reply);
        if (rejection === null) {
          const completion = {
            text: reply.text,
            model: reply.modelVersion ?? model,
            usage: reply.usage,
            attempts: httpRequests,
            latencyMs: Math.max(0, now() - startedAt),
          };
          yield { type: "done", completion };
          return;
        }
        failure = { ...rejection, retryAfterMs: null };
      }
      // After a visible token a retry would repeat part of the reply: the stream ends with the failure instead.
      const delayMs =
        tokens > 0 ? null : nextRetryDelayMs({ failure, attemptsMade, maxRetries, settings: DEFAULT_BACKOFF, random });
      if (delayMs === null || !(await sleepUnlessAborted(sleep, delayMs, request.signal))) {
        yield failed(delayMs === null ? failure : ABORTED);
        return;
      }
    }
  }

  return {
    name: "gemini",
    model,
    offline: false,
    stream: (request) => run(request, openStream),
    complete: async (request) => {
      for await (const event of run(request, openWhole)) {
        if (event.type === "done") return ok(event.completion);
        if (event.type === "error") return err(event.failure);
      }
      throw new Error("a Gemini call ended without a terminal event");
    },
  };
}

async function* single(response: GenerateContentResponse): AsyncGenerator<GenerateContentResponse> {
  yield response;
}

/** Sleeps unless the signal aborts first; false when it did. */
async function sleepUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (signal === undefined) {
    await sleep(ms);
    return true;
  }
  if (signal.aborted) return false;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  await Promise.race([sleep(ms), aborted]);
  signal.removeEventListener("abort", onAbort);
  return !signal.aborted;
}
