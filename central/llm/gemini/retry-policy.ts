import type { LlmFailure } from "../llm-provider.js";

/**
 * Backoff settings: exponential from `baseDelayMs`, capped at `maxDelayMs`; server hints above `maxRetryAfterMs` end
 * the retries.
 */
export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

/** The backoff used by the Gemini provider. */
export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 20_000 };

/** A failed attempt as seen by the policy. */
export interface AttemptFailure {
  code: LlmFailure["code"];
  kind: LlmFailure["kind"];
  /** Delay the server asked for (Retry-After header or RetryInfo), if any. */
  retryAfterMs: number | null;
}

/** What an HTTP status means for a model call. */
export function classifyHttpStatus(status: number): Pick<AttemptFailure, "code" | "kind"> {
  if (status === 429) return { code: "llm_rate_limited", kind: "transient" };
  if (status === 408) return { code: "llm_timeout", kind: "transient" };
  if (status >= 500) return { code: "llm_upstream_error", kind: "transient" };
  return { code: "llm_rejected", kind: "systemic" };
}

/** Exponential backoff with equal jitter: a delay in [cap/2, cap] where cap = min(max, base·2^retryIndex). */
export function backoffDelayMs(retryIndex: number, settings: BackoffSettings, random: () => number): number {
  const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryIndex);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.round(cap / 2 + (cap / 2) * unit);
}

/**
 * Delay before the next attempt, or null when the call must stop: the failure is not transient or is an abort, the
 * retry budget
 * (`maxRetries` retries after the first attempt) is spent, or the server asks for a longer wait than is reasonable.
 */
export function nextRetryDelayMs(input: {
  failure: AttemptFailure;
  attemptsMade: number;
  maxRetries: number;
  settings: BackoffSettings;
  random: () => number;
}): number | null {
  const { failure, attemptsMade, maxRetries, settings, random } = input;
  if (failure.kind !== "transient" || failure.code === "llm_aborted" || attemptsMade > maxRetries) return null;
  const backoff = backoffDelayMs(attemptsMade - 1, settings, random);
  if (failure.retryAfterMs === null) return backoff;
  if (failure.retryAfterMs > settings.maxRetryAfterMs) return null;
  return Math.max(failure.retryAfterMs, backoff);
}

/** Milliseconds asked for by a Retry-After header (seconds or an HTTP date), or null when absent or malformed. */
export function parseRetryAfterHeader(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Milliseconds of a `google.rpc.RetryInfo` detail (`retryDelay: "1.5s"`) in a Google error body, or null. */
export function parseRetryInfoDelayMs(errorBody: unknown): number | null {
  if (!isRecord(errorBody) || !isRecord(errorBody.error) || !Array.isArray(errorBody.error.details)) return null;
  for (const detail of errorBody.error.details) {
    if (!isRecord(detail) || typeof detail.retryDelay !== "string") continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay);
    if (match?.[1] !== undefined) return Math.round(Number(match[1]) * 1000);
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
