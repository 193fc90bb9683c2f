import { problemHandlers } from "../shared/http/problem-handlers/index.js";

/**
 * The edge's problem-details answers (its app, the misconfigured-env app, and the chat stream's error events): the
 * request's correlation id and path on every problem; an internal error is logged with them.
 */
const edgeProblems = problemHandlers({
  instance: true,
  onInternalError: (error, c) =>
    console.error(`unhandled error [${c.get("correlationId")}] ${c.req.method} ${c.req.path}`, error),
});

/** Adds the request's correlation id and path to a problem body (overwriting an upstream service's). */
export const stampProblem = edgeProblems.stamp;

/** Renders a problem stamped with this request's correlation id and path. */
export const problemResponse = edgeProblems.respond;

/** The edge's 404: a `not_found` problem naming the method and path. */
export const onEdgeNotFound = edgeProblems.notFound;

/** The edge's single error handler: a `ProblemError` becomes its problem; anything else is a logged 500. */
export const onEdgeError = edgeProblems.onError;

/** The edge's 405 (for hono's `methodNotAllowed`): a `method_not_allowed` problem with the `Allow` header. */
export const onEdgeMethodNotAllowed = edgeProblems.methodNotAllowed;
