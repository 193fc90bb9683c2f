import type { GenerateContentParameters, GenerateContentResponse } from "@google/genai";
import type { TokenUsage } from "../../../shared/turn-events.js";
import type { LlmFailure, LlmRequest } from "../llm-provider.js";

/** Finish reasons of a reply that may be delivered (MAX_TOKENS: cut at the length limit, still a real reply). */
const DELIVERABLE_FINISH_REASONS = new Set(["STOP", "MAX_TOKENS"]);

/** The SDK parameters for a request: roles and texts as contents, the system text as `systemInstruction`. */
export function toGenerateContentParameters(
  model: string,
  request: LlmRequest,
  call: { signal: AbortSignal; fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> },
): GenerateContentParameters {
  return {
    model,
    contents: request.messages.map((message) => ({ role: message.role, parts: [{ text: message.text }] })),
    config: {
      ...(request.system.trim() === "" ? {} : { systemInstruction: request.system }),
      // Structured output: Gemini constrains the reply to the JSON Schema (the caller validates it again with zod).
      ...(request.responseFormat
        ? { responseMimeType: "application/json", responseJsonSchema: request.responseFormat.schema }
        : {}),
      abortSignal: call.signal,
      // One HTTP request per call: no continuation hops behind our back.
      automaticContinuation: false,
      httpOptions: { fetch: call.fetch },
    },
  };
}

/** The visible text of a response or chunk (thought parts left out). */
export function responseText(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (part.thought === true ? "" : (part.text ?? ""))).join("");
}

/**
 * Gemini's usage metadata as token counts; null when the response reported none (omitted counts are zero in proto3
 * JSON).
 */
export function toTokenUsage(usage: GenerateContentResponse["usageMetadata"]): TokenUsage | null {
  if (usage === undefined) return null;
  const { promptTokenCount, candidatesTokenCount, totalTokenCount } = usage;
  if (promptTokenCount === undefined && candidatesTokenCount === undefined && totalTokenCount === undefined)
    return null;
  return {
    inputTokens: promptTokenCount ?? 0,
    outputTokens: candidatesTokenCount ?? 0,
    totalTokens: totalTokenCount ?? (promptTokenCount ?? 0) + (candidatesTokenCount ?? 0),
  };
}

/** What the chunks of one attempt have said so far. */
export interface ReplySoFar {
  text: string;
  finishReason: string | undefined;
  blockReason: string | undefined;
  usage: TokenUsage | null;
  modelVersion: string | undefined;
}

/** Nothing received yet. */
export function emptyReply(): ReplySoFar {
  return { text: "", finishReason: undefined, blockReason: undefined, usage: null, modelVersion: undefined };
}

/** Folds a response or chunk into the reply (usage: the latest reported) and returns its new text. */
export function addChunk(reply: ReplySoFar, chunk: GenerateContentResponse): string {
  const piece = responseText(chunk);
  reply.text += piece;
  reply.finishReason = chunk.candidates?.[0]?.finishReason ?? reply.finishReason;
  reply.blockReason = chunk.promptFeedback?.blockReason ?? reply.blockReason;
  reply.usage = toTokenUsage(chunk.usageMetadata) ?? reply.usage;
  reply.modelVersion = chunk.modelVersion ?? reply.modelVersion;
  return piece;
}

/** Why a finished reply cannot be delivered, or null when it can. */
export function judgeReply(ending: ReplySoFar): Pick<LlmFailure, "code" | "kind" | "message"> | null {
  if (ending.blockReason !== undefined) {
    return { code: "llm_rejected", kind: "semantic", message: `Gemini blocked the prompt (${ending.blockReason})` };
  }
  if (ending.finishReason === undefined) {
    return { code: "llm_upstream_error", kind: "transient", message: "Gemini's reply ended without a finish reason" };
  }
  if (!DELIVERABLE_FINISH_REASONS.has(ending.finishReason)) {
    return { code: "llm_rejected", kind: "semantic", message: `Gemini stopped the reply (${ending.finishReason})` };
  }
  if (ending.text === "") {
    return { code: "llm_rejected", kind: "semantic", message: `Gemini returned no text (${ending.finishReason})` };
  }
  return null;
}
