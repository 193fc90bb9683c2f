import type { Handler } from "hono";
import { chatRequestSchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import { ProblemError, type ProblemDetails } from "../../shared/problem-details.js";
import { err } from "../../shared/result.js";
import type { CentralClient } from "../central-client/central-client.js";
import type { CorrelationIdEnv } from "../../shared/http/correlation-id/index.js";
import { readJsonBody } from "../../shared/http/read-json-body.js";
import { sseResponse } from "../../shared/http/sse-response.js";
import { stampProblem } from "../problem-response.js";
import { centralFailureProblem } from "./central-failure-problem.js";
import { answeredAtEdge, withEdgeRouting } from "./edge-routed-events.js";
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
  /** The edge's intent models and routing rules; without them every message is forwarded unclassified. */
  routing?: MessageRoutingDeps;
}

/**
 * `POST /v1/chat`: validates the message, classifies and routes it at the edge (when routing is configured), sends
 * it to central — which runs the model, or only records the edge's own reply — and answers with the reply as JSON
 * or, for `Accept: text/event-stream`, as events (an edge reply's token goes out before central has recorded it).
 * Failures are thrown as `ProblemError`.
 */
export function createChatHandler(deps: ChatHandlerDeps): Handler<CorrelationIdEnv> {
  return async (c) => {
    const request = await readJsonBody(c.req.raw, chatRequestSchema, { maxBytes: MAX_CHAT_BODY_BYTES });
    if (!request.ok) throw new ProblemError(request.error);
    const inbound = toInboundMessage(request.value, {
      correlationId: c.get("correlationId"),
      now: deps.now,
      newId: deps.newId,
    });
    const routed = deps.routing ? await routeMessage(inbound, deps.routing) : null;
    const message = routed?.message ?? inbound;
    const edgeReply = message.route?.reply?.text;
    const stamp = (body: ProblemDetails) => stampProblem(c, body);
    const turn = new AbortController();
    const sse = acceptsEventStream(c.req.header("Accept"));
    if (sse && routed && edgeReply !== undefined) {
      const record = async () => {
        const started = await deps.central.startTurn(message, { signal: turn.signal });
        return started.ok
          ? started
          : err({ code: started.error.code, problem: stamp(centralFailureProblem(started.error)) });
      };
      return eventStream(guardTurnEvents(answeredAtEdge(edgeReply, routed.edge, record), stamp), turn);
    }
    const started = await deps.central.startTurn(message, { signal: turn.signal });
    if (!started.ok) throw new ProblemError(centralFailureProblem(started.error));
    const guarded = guardTurnEvents(started.value, stamp);
    const events = routed ? withEdgeRouting(guarded, routed.edge, edgeReply) : guarded;
    if (sse) return eventStream(events, turn);
    const reply = await collectReply(events);
    if (!reply.ok) throw new ProblemError(reply.error);
    return c.json(reply.value, 200);
  };
}

/** The turn's events as `text/event-stream` (the guard already ends them after the first `done` or `error`). */
function eventStream(events: AsyncIterable<ChatStreamEvent>, turn: AbortController): Response {
  return sseResponse(events, { onCancel: () => turn.abort(), headers: { "cache-control": "no-cache" } });
}

function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((range) => range.split(";")[0]?.trim().toLowerCase() === "text/event-stream");
}
