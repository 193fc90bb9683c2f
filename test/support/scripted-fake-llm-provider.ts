import type {
  LlmCompletion,
  LlmFailure,
  LlmProvider,
  LlmRequest,
  LlmStreamEvent,
} from "../../central/llm/llm-provider.js";
import { err, ok, type Result } from "../../shared/result.js";

/** What the fake answers to one call: a list of stream events, or an async iterable for timing and aborts. */
export type FakeScript = (request: LlmRequest, call: number) => LlmStreamEvent[] | AsyncIterable<LlmStreamEvent>;

/** A fake {@link LlmProvider} that plays scripted events and records every request it gets. */
export interface ScriptedFakeLlmProvider extends LlmProvider {
  /** Requests received so far, oldest first. */
  readonly requests: LlmRequest[];
}

/** Options of {@link createScriptedFakeLlmProvider}. */
export interface ScriptedFakeOptions {
  name?: string;
  model?: string;
  offline?: boolean;
  /** Default: every call answers `fakeReply("Hello from the fake.")`. */
  script?: FakeScript;
}

/** Stream events of a successful reply: one token per word, then `done` with a completion. */
export function fakeReply(text: string, completion: Partial<LlmCompletion> = {}): LlmStreamEvent[] {
  const tokens = text.split(/(?<= )/).map((piece): LlmStreamEvent => ({ type: "token", text: piece }));
  const done: LlmCompletion = {
    text,
    model: "fake-model-001",
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    attempts: 1,
    latencyMs: 12,
    ...completion,
  };
  return [...tokens, { type: "done", completion: done }];
}

/** Stream events of a failed call. */
export function fakeFailure(failure: Partial<LlmFailure> = {}): LlmStreamEvent[] {
  return [
    {
      type: "error",
      failure: { code: "llm_upstream_error", message: "upstream said 500", kind: "transient", attempts: 3, ...failure },
    },
  ];
}

/** Creates a scripted fake provider for tests. */
export function createScriptedFakeLlmProvider(options: ScriptedFakeOptions = {}): ScriptedFakeLlmProvider {
  const script: FakeScript = options.script ?? (() => fakeReply("Hello from the fake."));
  const requests: LlmRequest[] = [];
  const provider: ScriptedFakeLlmProvider = {
    name: options.name ?? "fake",
    model: options.model ?? "fake-model",
    offline: options.offline ?? false,
    requests,
    async *stream(request) {
      requests.push(request);
      yield* script(request, requests.length);
    },
    async complete(request): Promise<Result<LlmCompletion, LlmFailure>> {
      for await (const event of provider.stream(request)) {
        if (event.type === "done") return ok(event.completion);
        if (event.type === "error") return err(event.failure);
      }
      return err({
        code: "llm_upstream_error",
        message: "the script ended without a result",
        kind: "systemic",
        attempts: 1,
      });
    },
  };
  return provider;
}
