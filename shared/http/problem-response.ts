import { problem, ProblemError, type ProblemDetails } from "../problem-details.js";

/** Renders a problem as `application/problem+json` with its status, `Retry-After` when it has a retry hint, and a
 * bearer challenge on 401. */
export function problemResponse(body: ProblemDetails): Response {
  const headers = new Headers({ "Content-Type": "application/problem+json" });
  if (body.retryAfterSeconds !== undefined) headers.set("Retry-After", String(body.retryAfterSeconds));
  if (body.code === "unauthorized") headers.set("WWW-Authenticate", 'Bearer realm="frontdesk"');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** The problem an error stands for: a {@link ProblemError}'s own, or `internal_error` for anything else (a bug). */
export function problemOf(error: unknown): ProblemDetails {
  return error instanceof ProblemError
    ? error.problem
    : problem("internal_error", "An unexpected error occurred; quote the correlation id.");
}
