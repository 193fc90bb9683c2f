import type { ChatStreamEvent } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import type { ProblemDetails } from "../../shared/problem-details.js";
import type { Result } from "../../shared/result.js";

/** Why central could not start a turn. */
export interface CentralFailure {
  code: "central_unavailable" | "central_timeout" | "upstream_failed";
  /** Human-readable cause; safe to show a client (no URLs, no secrets). */
  message: string;
  /** Central's own problem body, when it answered with one. */
  problem?: ProblemDetails;
}

/** Options of one call to central. */
export interface StartTurnOptions {
  /** Aborts the call and the event stream (e.g. when the client goes away). */
  signal?: AbortSignal;
}

/** The edge's port to the central service: runs one chat turn and streams its events. */
export interface CentralClient {
  /**
   * Sends one inbound message; on success the events arrive as central produces them: any number of
   * `token`, then exactly one `done` or `error` (adapters turn broken streams into a final `error`).
   */
  startTurn(
    message: InboundMessage,
    options?: StartTurnOptions,
  ): Promise<Result<AsyncIterable<ChatStreamEvent>, CentralFailure>>;
}
