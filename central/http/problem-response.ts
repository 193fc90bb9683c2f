import { problem, ProblemError, type ProblemDetails } from "../../shared/problem-details.js";

/** Renders a problem-details body as an `application/problem+json` response, with `Retry-After` when it has one. */
export function problemResponse(body: ProblemDetails): Response {
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (body.retryAfterSeconds !== undefined) headers.set("retry-after", String(body.retryAfterSeconds));
  if (body.code === "unauthorized") headers.set("www-authenticate", 'Bearer realm="frontdesk-central"');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** The problem an error stands for: a {@link ProblemError}'s own, or `internal_error` for anything else (a bug). */
export function problemOf(error: unknown): ProblemDetails {
  return error instanceof ProblemError ? error.problem : problem("internal_error", "Something went wrong on our side.");
}
