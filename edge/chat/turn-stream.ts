import type { ChatReply, ChatStreamEvent } from "../../shared/chat-api.js";
import { problem, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok, type Result } from "../../shared/result.js";

/**
 * Guarantees the stream contract over a turn's events from any CentralClient: tokens, then exactly one `done` or
 * `error`. Exceptions and a premature end become a final `error`; problems are stamped. The events are not
 * validated again: the CentralClient port yields typed events (the HTTP adapter validates central's stream).
 */
export async function* guardTurnEvents(
  events: AsyncIterable<ChatStreamEvent>,
  stamp: (body: ProblemDetails) => ProblemDetails,
): AsyncGenerator<ChatStreamEvent> {
  try {
    for await (const event of events) {
      yield event.event === "error" ? errorEvent(stamp(event.data)) : event;
      if (event.event !== "token") return;
    }
  } catch (error) {
    console.error("the turn's event stream failed", error);
    yield errorEvent(stamp(problem("upstream_failed", "central's event stream broke off")));
    return;
  }
  yield errorEvent(stamp(problem("upstream_failed", "central's event stream ended without a reply")));
}

/** Consumes a guarded turn stream: the `done` reply, or the `error` problem. */
export async function collectReply(events: AsyncIterable<ChatStreamEvent>): Promise<Result<ChatReply, ProblemDetails>> {
  for await (const event of events) {
    if (event.event === "done") return ok(event.data);
    if (event.event === "error") return err(event.data);
  }
  return err(problem("upstream_failed", "the turn ended without a reply"));
}

function errorEvent(body: ProblemDetails): ChatStreamEvent {
  return { event: "error", data: body };
}
