import { ApiError } from "@google/genai";
import {
  type AttemptFailure,
  classifyHttpStatus,
  parseRetryAfterHeader,
  parseRetryInfoDelayMs,
} from "./retry-policy.js";

/** A failed attempt, with a message fit for logs (never the API key). */
export type DescribedFailure = AttemptFailure & { message: string };

/** What is known about the attempt that threw. */
export interface AttemptContext {
  timedOut: boolean;
  callerAborted: boolean;
  timeoutMs: number;
  retryAfterHeader: string | null;
  nowMs: number;
}

/** Turns what the SDK threw during one attempt into a failure value. */
export function describeAttemptError(error: unknown, context: AttemptContext): DescribedFailure {
  if (context.callerAborted) {
    return { code: "llm_aborted", kind: "transient", retryAfterMs: null, message: "the caller aborted the call" };
  }
  if (context.timedOut) {
    const message = `no answer from Gemini within ${context.timeoutMs} ms`;
    return { code: "llm_timeout", kind: "transient", retryAfterMs: null, message };
  }
  if (error instanceof ApiError) {
    const body = parseJson(error.message);
    const retryAfterMs = parseRetryAfterHeader(context.retryAfterHeader, context.nowMs) ?? parseRetryInfoDelayMs(body);
    const message = `Gemini answered HTTP ${error.status}: ${googleErrorMessage(body) ?? error.message}`;
    return { ...classifyHttpStatus(error.status), retryAfterMs, message };
  }
  const message = error instanceof Error ? `${error.message}${causeSuffix(error)}` : String(error);
  return {
    code: "llm_upstream_error",
    kind: "transient",
    retryAfterMs: null,
    message: `Gemini call failed: ${message}`,
  };
}

function googleErrorMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const { error } = body;
  if (typeof error !== "object" || error === null || !("message" in error)) return null;
  const status = "status" in error && typeof error.status === "string" ? ` (${error.status})` : "";
  return typeof error.message === "string" ? `${error.message}${status}` : null;
}

function causeSuffix(error: Error): string {
  return error.cause instanceof Error ? ` (${error.cause.message})` : "";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
