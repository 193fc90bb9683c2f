import type { Handler } from "hono";
import { ProblemError } from "../../shared/problem-details.js";
import type { CentralClient } from "../central-client/central-client.js";
import type { CorrelationIdEnv } from "../../shared/http/correlation-id/index.js";
import { stampProblem } from "../problem-response.js";
import { centralFailureProblem } from "./central-failure-problem.js";
import { toInboundMessage } from "./inbound-message.js";
import { readChatRequest } from "./read-chat-request.js";
import { sseRelay } from "./sse-relay.js";
import { collectReply, guardTurnEvents } from "./turn-stream.js";

/** What the chat handler needs. */
export interface ChatHandlerDeps {
  central: CentralClient;
  now: () => Date;
  newId: () => string;
}

/**
 * `POST /v1/chat`: validates the message, forwards it to central, and answers with the reply as JSON or, for
 * `Accept: text/event-stream`, relays the turn's events as they arrive. Failures are thrown as `ProblemError`.
 */
export function createChatHandler(deps: ChatHandlerDeps): Handler<CorrelationIdEnv> {
  return async (c) => {
    const request = await readChatRequest(c.req.raw);
    if (!request.ok) throw new ProblemError(request.error);
    const message = toInboundMessage(request.value, { correlationId: c.get("correlationId"), now: deps.now, newId: deps.newId });
    const turn = new AbortController();
    const started = await deps.central.startTurn(message, { signal: turn.signal });
    if (!started.ok) throw new ProblemError(centralFailureProblem(started.error));
    const events = guardTurnEvents(started.value, (body) => stampProblem(c, body));
    if (acceptsEventStream(c.req.header("Accept"))) {
      return new Response(sseRelay(events, () => turn.abort()), {
        headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" },
      });
    }
    const reply = await collectReply(events);
    if (!reply.ok) throw new ProblemError(reply.error);
    return c.json(reply.value, 200);
  };
}

function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((range) => range.split(";")[0]?.trim().toLowerCase() === "text/event-stream");
}
