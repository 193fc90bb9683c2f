import type { Result } from "../../shared/result.js";
import type { TokenUsage } from "../../shared/turn-events.js";

/** One message of the conversation given to a model. */
export interface LlmMessage {
  role: "user" | "model";
  text: string;
}

/** What a provider is asked to continue. */
export interface LlmRequest {
  /** Instructions for the model (never business rules: those live in policy documents). */
  system: string;
  /** The conversation so far, oldest first; the last message is the customer's. */
  messages: LlmMessage[];
  /** Aborts the call (client went away). */
  signal?: AbortSignal;
  /**
   * Asks for a JSON reply matching `schema` (JSON Schema) instead of prose; the caller still validates what comes back.
   */
  responseFormat?: JsonResponseFormat;
}

/** A request for structured output: the reply's text is JSON following `schema`. */
export interface JsonResponseFormat {
  kind: "json";
  /** A JSON Schema (the subset Gemini accepts: type, properties, required, items, enum, minimum, maximum, …). */
  schema: Record<string, unknown>;
}

/** The finished reply of one model call. */
export interface LlmCompletion {
  text: string;
  /** The model version that answered (as reported by the provider when it reports one). */
  model: string;
  usage: TokenUsage | null;
  /** Calls made, retries included. */
  attempts: number;
  latencyMs: number;
}

/** Why a model call failed; `transient` failures were retried until the budget ran out. */
export interface LlmFailure {
  code: "llm_timeout" | "llm_rate_limited" | "llm_upstream_error" | "llm_rejected" | "llm_aborted";
  message: string;
  kind: "transient" | "systemic" | "semantic";
  attempts: number;
}

/** Events of a streamed model call: any number of `token`, then exactly one `done` or `error`. */
export type LlmStreamEvent =
  | { type: "token"; text: string }
  | { type: "done"; completion: LlmCompletion }
  | { type: "error"; failure: LlmFailure };

/** Port for text synthesis. Expected failures arrive as an `error` event, never as a thrown exception. */
export interface LlmProvider {
  /** Provider name recorded on events, e.g. `gemini` or `offline`. */
  readonly name: string;
  /** Configured model name. */
  readonly model: string;
  /** True for the offline provider, whose replies are canned and say so. */
  readonly offline: boolean;
  /** Streams a reply. */
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
  /** Produces a whole reply in one call (structured output, summaries). */
  complete(request: LlmRequest): Promise<Result<LlmCompletion, LlmFailure>>;
}
