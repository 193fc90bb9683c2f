import { problemHandlers, type ProblemHandlers } from "../../shared/http/problem-handlers/index.js";

/** Where central reports an unexpected error: what happened and where (`GET /v1/…`, `POST /v1/turns stream`). */
export type ReportBug = (error: unknown, where: string) => void;

/**
 * Central's answers to unknown routes and errors — problem details with the request's correlation id (no `instance`)
 * — used by the app and by the route-test app; an internal error is reported with the route it happened on.
 */
export function centralProblems(reportBug?: ReportBug): ProblemHandlers {
  return problemHandlers(
    reportBug ? { onInternalError: (error, c) => reportBug(error, `${c.req.method} ${c.req.path}`) } : {},
  );
}
