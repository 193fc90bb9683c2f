import type { z } from "zod";
import { approvalDecisionResponseSchema, approvalsResponseSchema, type ApprovalDecisionResponse, type ApprovalsResponse } from "../../../shared/approvals-api.js";
import { problemDetailsSchema, type ProblemDetails } from "../../../shared/problem-details.js";
import { err, ok, type Result } from "../../../shared/result.js";

/** Why a call failed: central answered a problem, or could not be reached or understood. */
export type ApprovalsCallFailure = { code: "problem"; status: number; problem: ProblemDetails } | { code: "unreachable" | "bad_response"; message: string };

/** Central's base URL, an admin token, and `fetch` (replaceable in tests). */
export interface ApprovalsClientOptions {
  url: string;
  token: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

/** The approval queue's admin API over HTTP (the CLI never opens the database: PGlite allows one process). */
export interface ApprovalsClient {
  list(tenantId: string): Promise<Result<ApprovalsResponse, ApprovalsCallFailure>>;
  decide(tenantId: string, actionId: string, decision: "approve" | "reject", reason: string): Promise<Result<ApprovalDecisionResponse, ApprovalsCallFailure>>;
}

/** Creates the client; answers are validated against the API contract, failures are values. */
export function createApprovalsClient(options: ApprovalsClientOptions): ApprovalsClient {
  const base = options.url.replace(/\/+$/, "");
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<Result<z.output<S>, ApprovalsCallFailure>> {
    let response: Response;
    try {
      response = await send(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      return err({ code: "unreachable", message: `cannot reach central at ${base}: ${error instanceof Error ? error.message : String(error)}` });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return err({ code: "bad_response", message: `central answered ${response.status} with a body that is not JSON` });
    }
    if (!response.ok) {
      const problem = problemDetailsSchema.safeParse(json);
      return problem.success ? err({ code: "problem", status: response.status, problem: problem.data }) : err({ code: "bad_response", message: `central answered ${response.status} without problem details` });
    }
    const parsed = schema.safeParse(json);
    return parsed.success ? ok(parsed.data) : err({ code: "bad_response", message: `central's answer does not match the API contract: ${parsed.error.issues[0]?.message ?? "invalid"}` });
  }

  const at = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/approvals`;
  return {
    list: (tenantId) => call(approvalsResponseSchema, "GET", at(tenantId)),
    decide: (tenantId, actionId, decision, reason) => call(approvalDecisionResponseSchema, "POST", `${at(tenantId)}/${encodeURIComponent(actionId)}/${decision}`, { reason }),
  };
}

/** One line (plus issue lines) describing a failed call. */
export function describeCallFailure(failure: ApprovalsCallFailure): string {
  if (failure.code !== "problem") return failure.message;
  const issues = (failure.problem.issues ?? []).map((issue) => `\n  - ${issue.path}: ${issue.message}`).join("");
  return `${failure.status} ${failure.problem.code}: ${failure.problem.detail ?? failure.problem.title}${issues}`;
}
