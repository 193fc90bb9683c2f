import { Hono } from "hono";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import type { TurnService } from "../turns/turn-service.js";
import { bearerAuth } from "./bearer-auth.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";
import { readJsonBody } from "./json-body.js";
import { sseResponse } from "../../shared/http/sse-response.js";

/** What the turn route needs. */
export interface TurnRoutesDeps {
  edgeToken: string;
  turns: TurnService;
  /** Told about unexpected errors raised while streaming. */
  onStreamError: (error: unknown) => void;
}

/** `POST /v1/turns` (edge bearer token): runs one turn and relays it as server-sent events. */
export function turnRoutes(deps: TurnRoutesDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().post("/v1/turns", bearerAuth(deps.edgeToken, "edge"), async (c) => {
    const message = await readJsonBody(c, inboundMessageSchema);
    const abort = new AbortController();
    const clientGone = () => abort.abort(new Error("the client disconnected"));
    c.req.raw.signal.addEventListener("abort", clientGone, { once: true });
    return sseResponse(deps.turns.runTurn(message, { signal: abort.signal }), {
      headers: { "x-correlation-id": message.correlationId },
      onCancel: clientGone,
      onError: deps.onStreamError,
    });
  });
}
