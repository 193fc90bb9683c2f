import { chatStreamEventSchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import { problem, type ErrorCode } from "../../shared/problem-details.js";
import { readSse, type SseMessage } from "../../shared/sse.js";

/** Options of {@link centralEventStream}. */
export interface CentralEventStreamOptions {
  /** Longest wait for the next event before the stream is given up as `central_timeout`. */
  idleTimeoutMs: number;
  /** Called once when reading stops for any reason; should abort the underlying request. */
  onEnd: () => void;
}

type Step = { kind: "message"; message: SseMessage } | { kind: "end" } | { kind: "timeout" } | { kind: "broken" };

/**
 * Reads central's `text/event-stream` body as validated chat stream events. Never throws: a malformed event,
 * a broken or truncated body, or silence longer than `idleTimeoutMs` becomes one final `error` event.
 */
export async function* centralEventStream(
  body: ReadableStream<Uint8Array>,
  options: CentralEventStreamOptions,
): AsyncGenerator<ChatStreamEvent> {
  const messages = readSse(body);
  let settled = true;
  try {
    for (;;) {
      settled = false;
      const step = await nextWithin(messages, options.idleTimeoutMs);
      settled = step.kind !== "timeout";
      const event = eventOf(step, options.idleTimeoutMs);
      yield event;
      if (event.event !== "token") return;
    }
  } finally {
    // A pending read is only released by aborting the request; an idle reader can be closed first.
    if (settled) await messages.return(undefined).catch(() => undefined);
    options.onEnd();
  }
}

/** Parses one SSE message into a chat stream event, or null when it breaks the contract. */
export function parseEvent(message: SseMessage): ChatStreamEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  const parsed = chatStreamEventSchema.safeParse({ event: message.event, data });
  return parsed.success ? parsed.data : null;
}

function eventOf(step: Step, idleTimeoutMs: number): ChatStreamEvent {
  switch (step.kind) {
    case "timeout":
      return failure("central_timeout", `central sent nothing for ${idleTimeoutMs} ms`);
    case "broken":
      return failure("upstream_failed", "central's event stream broke off");
    case "end":
      return failure("upstream_failed", "central's event stream ended without a reply");
    case "message":
      return (
        parseEvent(step.message) ?? failure("upstream_failed", `central sent a malformed '${step.message.event}' event`)
      );
  }
}

function failure(code: ErrorCode, detail: string): ChatStreamEvent {
  return { event: "error", data: problem(code, detail) };
}

function nextWithin(messages: AsyncIterator<SseMessage>, ms: number): Promise<Step> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: "timeout" }), ms);
    messages.next().then(
      (result) => {
        clearTimeout(timer);
        resolve(result.done ? { kind: "end" } : { kind: "message", message: result.value });
      },
      () => {
        clearTimeout(timer);
        resolve({ kind: "broken" });
      },
    );
  });
}
