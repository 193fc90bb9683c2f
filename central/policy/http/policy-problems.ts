import { problem, ProblemError, type ProblemDetails } from "../../../shared/problem-details.js";
import type { ActivateError, PushError, RollbackError } from "../store/policy-store.js";

/** The problem details of a refused policy command (codes are the store's, statuses from ERROR_STATUS). */
export function policyProblem(error: PushError | ActivateError | RollbackError): ProblemDetails {
  switch (error.code) {
    case "invalid_policy":
      return problem("invalid_policy", `The policy document has ${error.problems.length} problem(s); see issues.`, {
        issues: error.problems,
      });
    case "policy_version_not_found":
      return problem("not_found", error.message);
    case "stream_conflict":
      return problem("stream_conflict", "The tenant's policies changed concurrently several times; retry.", {
        retryAfterSeconds: 1,
      });
    default:
      return problem(error.code, error.message);
  }
}

/** Throws the problem of a refused policy command (rendered by the app's one error handler). */
export function throwPolicyProblem(error: PushError | ActivateError | RollbackError): never {
  throw new ProblemError(policyProblem(error));
}
