import { err, ok, type Result } from "../../../shared/result.js";
import { cutText } from "../cut-text.js";

/** Why a reply did not go out: the platform refused it (final), or kept failing (may succeed later). */
export type SendFailure =
  | { code: "platform_rejected"; message: string; attempts: number }
  | {
      code: "platform_unavailable";
      message: string;
      attempts: number;
      /** The platform asked for a pause longer than this process waits; retry the whole job after it. */
      retryAfterSeconds?: number;
    };

/** A platform's answer that the adapter reads (2xx, or a 4xx that retrying will not fix). */
export interface PlatformResponse {
  status: number;
  body: string;
  attempts: number;
}

/** How one call is made: the request (rebuilt per attempt) and, optionally, where the platform puts its retry hint. */
export interface PlatformCall {
  request: () => Request;
  /** Seconds to wait read from a 429 body, for platforms that put it there (Telegram's `parameters.retry_after`). */
  retryAfterFromBody?: (body: string) => number | undefined;
}

/** Outbound HTTP to a platform's API with retries: network errors, 429 and 5xx are retried with backoff. */
export interface PlatformHttp {
  call(call: PlatformCall): Promise<Result<PlatformResponse, SendFailure>>;
}

/** Settings of {@link createPlatformHttp}; the defaults suit a queue consumer. */
export interface PlatformHttpOptions {
  /** The fetch to use (tests pass a fake platform's). */
  fetch?: (request: Request) => Promise<Response>;
  /** Attempts per call, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff, doubled per attempt, with full jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Longest pause this process takes; a longer Retry-After ends the call with `retryAfterSeconds` (default 8 s). */
  maxDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

/** Creates {@link PlatformHttp}: retries network failures, 429 and 5xx, honouring `Retry-After` (seconds or a date). */
export function createPlatformHttp(options: PlatformHttpOptions = {}): PlatformHttp {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 8000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  return {
    async call(call) {
      let last = "no attempt made";
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        let hintMs: number | undefined;
        try {
          const response = await send(withTimeout(call.request(), timeoutMs));
          const body = await response.text();
          if (response.status < 400) return ok({ status: response.status, body, attempts: attempt });
          if (response.status !== 429 && response.status < 500) {
            return err({
              code: "platform_rejected",
              message: `HTTP ${response.status}${platformError(body)}`,
              attempts: attempt,
            });
          }
          last = `HTTP ${response.status}${platformError(body)}`;
          const hintSeconds =
            retryAfterSeconds(response.headers.get("Retry-After"), now()) ?? call.retryAfterFromBody?.(body);
          hintMs = hintSeconds === undefined ? undefined : hintSeconds * 1000;
        } catch (error) {
          last = `network: ${error instanceof Error ? error.message : String(error)}`;
        }
        if (attempt === maxAttempts) break;
        if (hintMs !== undefined && hintMs > maxDelayMs) {
          return err({
            code: "platform_unavailable",
            message: `${last}; asked to wait ${hintMs / 1000} s`,
            attempts: attempt,
            retryAfterSeconds: Math.ceil(hintMs / 1000),
          });
        }
        await sleep(hintMs ?? Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
      }
      return err({
        code: "platform_unavailable",
        message: `${last} after ${maxAttempts} attempts`,
        attempts: maxAttempts,
      });
    },
  };
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function withTimeout(request: Request, timeoutMs: number): Request {
  return new Request(request, { signal: AbortSignal.timeout(timeoutMs) });
}

/** A short, non-personal summary of a platform's error body (error codes only, bounded). */
function platformError(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== "object" || json === null) return "";
    const record = json as Record<string, unknown>;
    const nested =
      typeof record.error === "object" && record.error !== null ? (record.error as Record<string, unknown>) : undefined;
    const code = nested?.code ?? record.error_code ?? record.code ?? record.error;
    return code === undefined || typeof code === "object" ? "" : ` (${cutText(String(code), 80)})`;
  } catch {
    return "";
  }
}
