import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { problem, type ProblemDetails } from "../../problem-details.js";
import type { CorrelationIdEnv } from "../correlation-id/index.js";
import { problemOf, problemResponse } from "../problem-response.js";

/** Options of an app's problem handlers. */
export interface ProblemHandlersOptions {
  /** Also name the request's path as the problem's `instance` (the edge does; central does not). */
  instance?: boolean;
  /** Told about an error rendered as a 500 `internal_error` (a bug, or a failure nothing else explains). */
  onInternalError?: (error: unknown, c: Context<CorrelationIdEnv>) => void;
}

/** An app's problem-details plumbing: stamping, rendering, and its `notFound` and `onError` handlers. */
export interface ProblemHandlers {
  /** Adds the request's correlation id (and, when asked, its path) to a problem, overwriting an upstream's. */
  stamp(c: Context<CorrelationIdEnv>, body: ProblemDetails): ProblemDetails;
  /** Renders a problem stamped for this request. */
  respond(c: Context<CorrelationIdEnv>, body: ProblemDetails): Response;
  /** `app.notFound`: a 404 `not_found` problem naming the method and path. */
  notFound: NotFoundHandler<CorrelationIdEnv>;
  /** `app.onError`: a `ProblemError` becomes its problem; anything else a 500 `internal_error` that leaks nothing. */
  onError: ErrorHandler<CorrelationIdEnv>;
  /** For hono's `methodNotAllowed` middleware: a 405 `method_not_allowed` problem with the `Allow` header. */
  methodNotAllowed(c: Context<CorrelationIdEnv>, allowed: readonly string[]): Response;
}

/**
 * The one way an app (and the test apps that mount its routes) answers unknown routes and errors: problem details
 * carrying the request's correlation id. Needs the correlation-id middleware in front.
 */
export function problemHandlers(options: ProblemHandlersOptions = {}): ProblemHandlers {
  const stamp = (c: Context<CorrelationIdEnv>, body: ProblemDetails): ProblemDetails => ({
    ...body,
    correlationId: c.get("correlationId"),
    ...(options.instance ? { instance: c.req.path } : {}),
  });
  const respond = (c: Context<CorrelationIdEnv>, body: ProblemDetails) => problemResponse(stamp(c, body));
  return {
    stamp,
    respond,
    notFound: (c) => respond(c, problem("not_found", `No route for ${c.req.method} ${c.req.path}.`)),
    onError: (error, c) => {
      const body = problemOf(error);
      if (body.code === "internal_error") options.onInternalError?.(error, c);
      return respond(c, body);
    },
    methodNotAllowed: (c, allowed) => {
      const allow = allowed.join(", ");
      const response = respond(c, problem("method_not_allowed", `${c.req.method} is not allowed here; use ${allow}.`));
      response.headers.set("Allow", allow);
      return response;
    },
  };
}
