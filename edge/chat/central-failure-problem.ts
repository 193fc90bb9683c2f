import { problem, type ProblemDetails } from "../../shared/problem-details.js";
import type { CentralFailure } from "../central-client/central-client.js";

/** Seconds a client should wait before retrying when central is down or slow. */
export const CENTRAL_RETRY_AFTER_SECONDS = 5;

/** Statuses from central that describe the edge's own credentials, not the client's request. */
const EDGE_AUTH_STATUSES = new Set([401, 403, 407]);

/**
 * Maps a failure to reach or use central onto the problem the client sees: 503 / 504 with a retry hint,
 * central's own problem for a client error it reported (4xx), else 502 `upstream_failed`.
 */
export function centralFailureProblem(failure: CentralFailure): ProblemDetails {
  switch (failure.code) {
    case "central_unavailable":
      return problem("central_unavailable", failure.message, { retryAfterSeconds: CENTRAL_RETRY_AFTER_SECONDS });
    case "central_timeout":
      return problem("central_timeout", failure.message, { retryAfterSeconds: CENTRAL_RETRY_AFTER_SECONDS });
    case "upstream_failed": {
      const status = failure.problem?.status ?? 502;
      const isClientError = status >= 400 && status < 500 && !EDGE_AUTH_STATUSES.has(status);
      return isClientError && failure.problem ? failure.problem : problem("upstream_failed", failure.message);
    }
  }
}
