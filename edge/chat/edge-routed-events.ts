import type { ChatReply, ChatStreamEvent } from "../../shared/chat-api.js";
import type { ProblemDetails } from "../../shared/problem-details.js";
import type { Result } from "../../shared/result.js";

type EdgeSummary = NonNullable<ChatReply["edge"]>;

/**
 * Adds the edge's classification and route to the `done` reply. With `edgeReplyText` (answer_locally, handoff), that
 * text is the turn's one token, sent first, and central's tokens (which repeat it) are dropped.
 */
export async function* withEdgeRouting(
  events: AsyncIterable<ChatStreamEvent>,
  edge: EdgeSummary,
  edgeReplyText?: string,
): AsyncGenerator<ChatStreamEvent> {
  if (edgeReplyText !== undefined) yield { event: "token", data: { text: edgeReplyText } };
  for await (const event of events) {
    if (event.event === "token" && edgeReplyText !== undefined) continue;
    yield event.event === "done" ? { event: "done", data: { ...event.data, edge } } : event;
  }
}

/**
 * The stream of a turn the edge answers itself: the reply's token at once, then — once central has recorded the
 * turn — central's `done` (with the edge summary), or an `error` when central could not record it.
 */
export async function* answeredAtEdge(
  replyText: string,
  edge: EdgeSummary,
  record: () => Promise<Result<AsyncIterable<ChatStreamEvent>, { code: string; problem: ProblemDetails }>>,
): AsyncGenerator<ChatStreamEvent> {
  yield { event: "token", data: { text: replyText } };
  const recorded = await record();
  if (!recorded.ok) {
    yield { event: "error", data: recorded.error.problem };
    return;
  }
  for await (const event of recorded.value) {
    if (event.event === "token") continue;
    yield event.event === "done" ? { event: "done", data: { ...event.data, edge } } : event;
  }
}
