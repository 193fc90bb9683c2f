import { formatSse } from "../sse.js";
import { problemOf } from "./problem-response.js";

/** One event to send: its name and JSON payload. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** Options of {@link sseResponse}. */
export interface SseResponseOptions {
  headers?: Record<string, string>;
  /** Called when the client goes away before the end, so upstream work can stop. */
  onCancel?: () => void;
  /** Told about unexpected errors (bugs) raised while streaming. */
  onError?: (error: unknown) => void;
}

/**
 * Streams events as `text/event-stream`, pulling the next one only when the client reads. An error thrown while
 * streaming ends the stream with one `error` event carrying a problem (internal details are not leaked).
 */
export function sseResponse(events: AsyncIterable<SseEvent>, options: SseResponseOptions = {}): Response {
  const iterator = events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(formatSse(next.value.event, next.value.data)));
        } catch (error) {
          const problem = problemOf(error);
          if (problem.code === "internal_error") options.onError?.(error);
          controller.enqueue(encoder.encode(formatSse("error", problem)));
          controller.close();
        }
      },
      cancel() {
        options.onCancel?.();
        // Not awaited: a pull may still be waiting upstream, and onCancel is what releases it.
        Promise.resolve(iterator.return?.()).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  ); // pull one event per read: each token goes out as soon as it exists
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...options.headers,
    },
  });
}
