import type { ChatStreamEvent } from "../../shared/chat-api.js";
import { formatSse } from "../../shared/sse.js";

/**
 * Serialises turn events as a `text/event-stream` body, one event per pull so each token reaches the client as
 * soon as central sends it. Closes after the first `done` or `error`; `onCancel` runs when the client goes away.
 */
export function sseRelay(events: AsyncIterable<ChatStreamEvent>, onCancel: () => void): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const step = await iterator.next();
        if (step.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(formatSse(step.value.event, step.value.data)));
        if (step.value.event !== "token") {
          controller.close();
          await iterator.return?.();
        }
      },
      cancel() {
        onCancel();
        // Not awaited: a pull may still be waiting on central, and the abort above is what releases it.
        iterator.return?.().catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
