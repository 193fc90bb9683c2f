import type { Context, ErrorHandler } from "hono";
import type { CorrelationIdEnv } from "../shared/http/correlation-id/index.js";
import { problemOf, problemResponse as renderProblem } from "../shared/http/problem-response.js";
import { ProblemError, type ProblemDetails } from "../shared/problem-details.js";

/** Adds the request's correlation id and path to a problem body (overwriting an upstream service's). */
export function stampProblem(c: Context<CorrelationIdEnv>, body: ProblemDetails): ProblemDetails {
  return { ...body, correlationId: c.get("correlationId"), instance: c.req.path };
}

/** Renders a problem stamped with this request's correlation id and path. */
export function problemResponse(c: Context<CorrelationIdEnv>, body: ProblemDetails): Response {
  return renderProblem(stampProblem(c, body));
}

/** The app's single error handler: a `ProblemError` becomes its problem; anything else is a logged 500. */
export const onEdgeError: ErrorHandler<CorrelationIdEnv> = (error, c) => {
  if (!(error instanceof ProblemError)) {
    console.error(`unhandled error [${c.get("correlationId")}] ${c.req.method} ${c.req.path}`, error);
  }
  return problemResponse(c, problemOf(error));
};
