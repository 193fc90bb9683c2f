import type { MiddlewareHandler } from "hono";
import { problem, ProblemError, type ProblemDetails } from "../../../shared/problem-details.js";
import { err, ok, type Result } from "../../../shared/result.js";

/** How long the whole body of a request may take to arrive, unless configured (`BODY_READ_TIMEOUT_MS`). */
export const DEFAULT_BODY_READ_TIMEOUT_MS = 10_000;

/** How much of a request body is read, and for how long. */
export interface BodyBounds {
  /** Largest accepted body, in bytes. */
  maxBytes: number;
  /** Longest time the whole body may take to arrive, in milliseconds. */
  timeoutMs: number;
}

/** Options of {@link boundedBody}: the bounds, with the size limit chosen per request path. */
export interface BoundedBodyOptions {
  /** Largest accepted body for a path, in bytes. */
  maxBytes: (path: string) => number;
  timeoutMs: number;
}

/** Why a body was refused: too large (413), too slow (408), or cut off / unreadable (400). */
export type BodyReadFailure = ProblemDetails & { code: "payload_too_large" | "request_timeout" | "body_incomplete" };

/**
 * Middleware that reads every request body before any route sees it, bounded by size and time: a declared
 * `Content-Length` above the limit is refused at once without reading (413 `payload_too_large`), a body that grows
 * past it while streaming too (413), one that has not fully arrived within `timeoutMs` is refused with 408
 * `request_timeout`, one whose stream fails with 400 `body_incomplete` — each as a thrown `ProblemError`. A refused
 * body is cancelled, never drained. Routes then read the buffered copy (`c.req.raw`) without waiting. A GET or HEAD
 * body is cancelled unread.
 */
export function boundedBody(options: BoundedBodyOptions): MiddlewareHandler {
  return async function boundedBodyMiddleware(c, next) {
    const request = c.req.raw;
    if (request.body === null) return next();
    if (request.method === "GET" || request.method === "HEAD") {
      cancelQuietly(request.body);
      return next();
    }
    const read = await readBoundedBody(request, {
      maxBytes: options.maxBytes(c.req.path),
      timeoutMs: options.timeoutMs,
    });
    if (!read.ok) throw new ProblemError(read.error);
    c.req.raw = new Request(request, { body: read.value });
    return next();
  };
}

/** A request's whole body within `bounds`, or why not (the body is cancelled on every failure). */
export async function readBoundedBody(
  request: Request,
  bounds: BodyBounds,
): Promise<Result<Uint8Array, BodyReadFailure>> {
  const body = request.body;
  if (body === null) return ok(new Uint8Array());
  const tooLarge = () => fail("payload_too_large", `The body must be at most ${bounds.maxBytes} bytes.`);
  if (Number(request.headers.get("Content-Length") ?? "0") > bounds.maxBytes) {
    cancelQuietly(body);
    return tooLarge();
  }
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), bounds.timeoutMs)),
  );
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === "timeout") {
        cancelQuietly(reader);
        return fail("request_timeout", `The whole body must arrive within ${bounds.timeoutMs} ms.`);
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > bounds.maxBytes) {
        cancelQuietly(reader);
        return tooLarge();
      }
      chunks.push(next.value);
    }
  } catch {
    cancelQuietly(reader);
    return fail("body_incomplete", "The body ended before it was complete, or could not be read.");
  } finally {
    clearTimeout(timer);
  }
  return ok(concat(chunks, size));
}

function fail(code: BodyReadFailure["code"], detail: string): { ok: false; error: BodyReadFailure } {
  return err({ ...problem(code, detail), code });
}

/** Cancels a body (or its reader) without waiting: a stalled client must not hold the answer back. */
function cancelQuietly(stream: { cancel(reason?: unknown): Promise<void> }): void {
  stream.cancel().catch(() => undefined);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
