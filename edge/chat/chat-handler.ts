import type { Handler } from "hono";
import { chatRequestSchema, type ChatReply, type ChatStreamEvent } from "../../shared/chat-api.js";
import { problem, ProblemError, type ProblemDetails } from "../../shared/problem-details.js";
import { err } from "../../shared/result.js";
import type { CentralClient } from "../central-client/central-client.js";
import type { CorrelationIdEnv } from "../../shared/http/correlation-id/index.js";
import { readJsonBody } from "../../shared/http/read-json-body.js";
import { sseResponse } from "../../shared/http/sse-response.js";
import { stampProblem } from "../problem-response.js";
import { centralFailureProblem } from "./central-failure-problem.js";
import { resolveWebSession, type WebIdentityDeps } from "../web/web-session.js";
import { clientIpKey, type WebRateLimiter } from "../web/web-rate-limits.js";
import { edgeAnsweredReply } from "./edge-answered-reply.js";
import { answeredAtEdge, withEdgeRouting } from "./edge-routed-events.js";
import type { TurnRecorder } from "./record-turn-job.js";
import { toInboundMessage } from "./inbound-message.js";
import { routeMessage, type MessageRoutingDeps } from "./route-message.js";
import { collectReply, guardTurnEvents } from "./turn-stream.js";

/** Largest accepted `POST /v1/chat` body, in bytes. */
export const MAX_CHAT_BODY_BYTES = 16 * 1024;

/** What the chat handler needs. */
export interface ChatHandlerDeps {
  central: CentralClient;
  now: () => Date;
  newId: () => string;
  /** Conversation tokens, WEB_CONFIG and token lifetime: who may write into which conversation. */
  identity: WebIdentityDeps;
  /** Per-tenant and per-visitor message limits; absent → none. */
  limiter?: WebRateLimiter;
  /**
   * Where turns the edge answered itself go to be recorded in central (a durable queue); absent → central records
   * them before the reply ends, as for forwarded turns.
   */
  recorder?: TurnRecorder;
  /** The edge's intent models and routing rules; without them every message is forwarded unclassified. */
  routing?: MessageRoutingDeps;
}

/**
 * `POST /v1/chat`: validates the message, resolves who writes from the conversation token (and the merchant's identity
 * token), applies the rate limits, classifies and routes it at the edge (when routing is configured), then either
 * answers at once and queues the turn for central to record (answer_locally, handoff — nothing waits for central), or
 * sends it to central, which runs the model. Answers as JSON or, for `Accept: text/event-stream`, as events; every
 * reply carries a fresh conversation token. Failures are thrown as `ProblemError`.
 */
export function createChatHandler(deps: ChatHandlerDeps): Handler<CorrelationIdEnv> {
  return async (c) => {
    const request = await readJsonBody(c.req.raw, chatRequestSchema, { maxBytes: MAX_CHAT_BODY_BYTES });
    if (!request.ok) throw new ProblemError(request.error);
    const headers = { authorization: c.req.header("Authorization"), origin: c.req.header("Origin") };
    const resolved = await resolveWebSession(request.value, headers, deps.identity);
    if (!resolved.ok) throw new ProblemError(resolved.error);
    const session = resolved.value;
    if (deps.limiter) {
      // Every message counts against its conversation and against its client IP (set by Cloudflare; IPv6 by its
      // /64), so neither a new conversation per message nor many conversations at once escape the visitor limit.
      const ip = c.req.header("CF-Connecting-IP");
      const visitorKeys = [session.conversationId, ...(ip ? [clientIpKey(ip)] : [])];
      const admitted = await deps.limiter.admit({ tenantId: session.tenantId, visitorKeys }, session.tenantConfig);
      if (!admitted.ok) throw new ProblemError(admitted.error);
    }
    const inbound = toInboundMessage(request.value, session, {
      correlationId: c.get("correlationId"),
      now: deps.now,
      newId: deps.newId,
    });
    const routed = deps.routing ? await routeMessage(inbound, deps.routing) : null;
    const message = routed?.message ?? inbound;
    const edgeReply = message.route?.reply;
    const stamp = (body: ProblemDetails) => stampProblem(c, body);
    const sse = acceptsEventStream(c.req.header("Accept"));
    const withToken = (reply: ChatReply): ChatReply => ({
      ...reply,
      conversationToken: session.token,
      customerVerified: session.customerVerified,
    });
    if (routed && edgeReply && deps.recorder) {
      // Answered here: the turn is queued durably for central to record; nothing on this path waits for central.
      const reply = withToken(await edgeAnsweredReply(message, edgeReply, routed.edge));
      const queued = await deps.recorder.enqueue({ kind: "record_turn", message });
      if (!queued.ok)
        throw new ProblemError(problem("queue_unavailable", queued.error.message, { retryAfterSeconds: 5 }));
      if (sse) return eventStream(tokenThenDone(reply), new AbortController());
      return c.json(reply, 200);
    }
    const turn = new AbortController();
    if (sse && routed && edgeReply !== undefined) {
      const record = async () => {
        const started = await deps.central.startTurn(message, { signal: turn.signal });
        return started.ok
          ? started
          : err({ code: started.error.code, problem: stamp(centralFailureProblem(started.error)) });
      };
      return eventStream(
        stampDone(guardTurnEvents(answeredAtEdge(edgeReply.text, routed.edge, record), stamp), withToken),
        turn,
      );
    }
    const started = await deps.central.startTurn(message, { signal: turn.signal });
    if (!started.ok) throw new ProblemError(centralFailureProblem(started.error));
    const guarded = guardTurnEvents(started.value, stamp);
    const events = stampDone(routed ? withEdgeRouting(guarded, routed.edge, edgeReply?.text) : guarded, withToken);
    if (sse) return eventStream(events, turn);
    const reply = await collectReply(events);
    if (!reply.ok) throw new ProblemError(reply.error);
    return c.json(reply.value, 200);
  };
}

/** Passes a turn's events on, with `done`'s reply rewritten by `map` (the conversation token added). */
async function* stampDone(
  events: AsyncIterable<ChatStreamEvent>,
  map: (reply: ChatReply) => ChatReply,
): AsyncGenerator<ChatStreamEvent> {
  for await (const event of events) yield event.event === "done" ? { event: "done", data: map(event.data) } : event;
}

/** The events of a turn answered at the edge: its one token, then `done`. */
async function* tokenThenDone(reply: ChatReply): AsyncGenerator<ChatStreamEvent> {
  yield { event: "token", data: { text: reply.reply.text } };
  yield { event: "done", data: reply };
}

/** The turn's events as `text/event-stream` (the guard already ends them after the first `done` or `error`). */
function eventStream(events: AsyncIterable<ChatStreamEvent>, turn: AbortController): Response {
  return sseResponse(events, { onCancel: () => turn.abort(), headers: { "cache-control": "no-cache" } });
}

function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((range) => range.split(";")[0]?.trim().toLowerCase() === "text/event-stream");
}
