import type { Context, ErrorHandler } from "hono";
import { problem, ProblemError, type ProblemDetails } from "../shared/problem-details.js";
import type { CorrelationIdEnv } from "./correlation-id/index.js";

/** Adds the request's correlation id and path to a problem body (overwriting an upstream service's). */
export function stampProblem(c: Context<CorrelationIdEnv>, body: ProblemDetails): ProblemDetails {
  return { ...body, correlationId: c.get("correlationId"), instance: c.req.path };
}

/** Renders a problem as `application/problem+json` with its status, and `Retry-After` when it has a retry hint. */
export function problemResponse(c: Context<CorrelationIdEnv>, body: ProblemDetails): Response {
  const stamped = stampProblem(c, body);
  const headers = new Headers({ "Content-Type": "application/problem+json" });
  if (stamped.retryAfterSeconds !== undefined) headers.set("Retry-After", String(stamped.retryAfterSeconds));
  return new Response(JSON.stringify(stamped), { status: stamped.status, headers });
}

/** The app's single error handler: a `ProblemError` becomes its problem; anything else is a logged 500. */
export const onEdgeError: ErrorHandler<CorrelationIdEnv> = (error, c) => {
  if (error instanceof ProblemError) return problemResponse(c, error.problem);
  console.error(`unhandled error [${c.get("correlationId")}] ${c.req.method} ${c.req.path}`, error);
  return problemResponse(c, problem("internal_error", "An unexpected error occurred; quote the correlation id."));
};
