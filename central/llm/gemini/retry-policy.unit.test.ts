import { describe, expect, it } from "vitest";
import {
  type AttemptFailure,
  type BackoffSettings,
  backoffDelayMs,
  classifyHttpStatus,
  nextRetryDelayMs,
  parseRetryAfterHeader,
  parseRetryInfoDelayMs,
} from "./retry-policy.js";

const settings: BackoffSettings = { baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const upstream: AttemptFailure = { code: "llm_upstream_error", kind: "transient", retryAfterMs: null };

describe("classifyHttpStatus", () => {
  it.each([
    [429, "llm_rate_limited", "transient"],
    [408, "llm_timeout", "transient"],
    [500, "llm_upstream_error", "transient"],
    [502, "llm_upstream_error", "transient"],
    [503, "llm_upstream_error", "transient"],
    [504, "llm_upstream_error", "transient"],
    [400, "llm_rejected", "systemic"],
    [401, "llm_rejected", "systemic"],
    [403, "llm_rejected", "systemic"],
    [404, "llm_rejected", "systemic"],
  ])("classifies HTTP %i as %s (%s)", (status, code, kind) => {
    expect(classifyHttpStatus(status)).toEqual({ code, kind });
  });
});

describe("backoffDelayMs", () => {
  it("doubles the ceiling with each retry until the maximum", () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, settings, top))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it("keeps jitter between half the ceiling and the ceiling", () => {
    expect(backoffDelayMs(2, settings, () => 0)).toBe(200);
    expect(backoffDelayMs(2, settings, () => 0.5)).toBe(300);
    expect(backoffDelayMs(2, settings, () => 0.999_999)).toBeLessThanOrEqual(400);
  });

  it("stays within bounds whatever the random source returns", () => {
    for (const value of [-3, 0, 0.25, 0.75, 1, 7]) {
      const delay = backoffDelayMs(3, settings, () => value);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe("nextRetryDelayMs", () => {
  const random = () => 0;

  it("retries a transient failure while the budget lasts", () => {
    expect(nextRetryDelayMs({ failure: upstream, attemptsMade: 1, maxRetries: 2, settings, random })).toBe(50);
    expect(nextRetryDelayMs({ failure: upstream, attemptsMade: 2, maxRetries: 2, settings, random })).toBe(100);
    expect(nextRetryDelayMs({ failure: upstream, attemptsMade: 3, maxRetries: 2, settings, random })).toBeNull();
  });

  it("never retries with a budget of zero", () => {
    expect(nextRetryDelayMs({ failure: upstream, attemptsMade: 1, maxRetries: 0, settings, random })).toBeNull();
  });

  it("does not retry rejected requests or aborts", () => {
    const rejected: AttemptFailure = { code: "llm_rejected", kind: "systemic", retryAfterMs: null };
    const unsafe: AttemptFailure = { code: "llm_rejected", kind: "semantic", retryAfterMs: null };
    const aborted: AttemptFailure = { code: "llm_aborted", kind: "transient", retryAfterMs: null };
    for (const failure of [rejected, unsafe, aborted]) {
      expect(nextRetryDelayMs({ failure, attemptsMade: 1, maxRetries: 3, settings, random })).toBeNull();
    }
  });

  it("waits as long as the server asks when that is reasonable", () => {
    const limited: AttemptFailure = { code: "llm_rate_limited", kind: "transient", retryAfterMs: 2_000 };
    expect(nextRetryDelayMs({ failure: limited, attemptsMade: 1, maxRetries: 2, settings, random })).toBe(2_000);
  });

  it("never waits less than its own backoff even when the server asks for less", () => {
    const limited: AttemptFailure = { code: "llm_rate_limited", kind: "transient", retryAfterMs: 10 };
    expect(nextRetryDelayMs({ failure: limited, attemptsMade: 1, maxRetries: 2, settings, random })).toBe(50);
  });

  it("gives up when the server asks for a longer wait than is reasonable", () => {
    const limited: AttemptFailure = { code: "llm_rate_limited", kind: "transient", retryAfterMs: 60_000 };
    expect(nextRetryDelayMs({ failure: limited, attemptsMade: 1, maxRetries: 2, settings, random })).toBeNull();
  });
});

describe("server retry hints", () => {
  it("reads Retry-After in seconds", () => {
    expect(parseRetryAfterHeader("3", 0)).toBe(3_000);
    expect(parseRetryAfterHeader("1.5", 0)).toBe(1_500);
  });

  it("reads Retry-After as an HTTP date relative to now", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterHeader("Thu, 01 Jan 2026 00:00:04 GMT", now)).toBe(4_000);
  });

  it("ignores an absent or malformed Retry-After", () => {
    expect(parseRetryAfterHeader(null, 0)).toBeNull();
    expect(parseRetryAfterHeader("soon", 0)).toBeNull();
  });

  it("reads the RetryInfo delay of a Google error body", () => {
    const body = {
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        details: [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2.5s" },
        ],
      },
    };
    expect(parseRetryInfoDelayMs(body)).toBe(2_500);
  });

  it("finds no RetryInfo delay in other bodies", () => {
    expect(parseRetryInfoDelayMs(undefined)).toBeNull();
    expect(parseRetryInfoDelayMs({ error: { code: 500, message: "boom" } })).toBeNull();
  });
});
