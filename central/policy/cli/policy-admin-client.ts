import type { z } from "zod";
import {
  activationResponseSchema,
  policyAuditResultSchema,
  policyVersionResponseSchema,
  policyVersionsResponseSchema,
  pushPolicyResponseSchema,
  type ActivationResponse,
  type AuditPolicyRequest,
  type PolicyVersionResponse,
  type PolicyVersionsResponse,
  type PushPolicyResponse,
} from "../../../shared/policy-admin-api.js";
import { problemDetailsSchema, type ProblemDetails } from "../../../shared/problem-details.js";
import { err, ok, type Result } from "../../../shared/result.js";

/** Why a call to central's policy API failed: central answered a problem, or could not be reached / made sense of. */
export type AdminCallFailure = { code: "problem"; status: number; problem: ProblemDetails } | { code: "unreachable" | "bad_response"; message: string };

/** What the client talks to: central's base URL, an admin token, and `fetch` (replaceable in tests). */
export interface PolicyAdminClientOptions {
  url: string;
  token: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

/** Central's policy admin API over HTTP, for the CLI (PGlite allows one process: the CLI never opens the database). */
export interface PolicyAdminClient {
  list(tenantId: string): Promise<Result<PolicyVersionsResponse, AdminCallFailure>>;
  get(tenantId: string, version: number | "active"): Promise<Result<PolicyVersionResponse, AdminCallFailure>>;
  push(tenantId: string, document: unknown, dryRunLimit?: number): Promise<Result<PushPolicyResponse, AdminCallFailure>>;
  activate(tenantId: string, version: number, reason?: string): Promise<Result<ActivationResponse, AdminCallFailure>>;
  rollback(tenantId: string, body: { fromVersion?: number; reason?: string }): Promise<Result<ActivationResponse, AdminCallFailure>>;
  audit(tenantId: string, body: AuditPolicyRequest): Promise<Result<z.infer<typeof policyAuditResultSchema>, AdminCallFailure>>;
}

/** Creates the client; every answer is validated, failures are values. */
export function createPolicyAdminClient(options: PolicyAdminClientOptions): PolicyAdminClient {
  const base = options.url.replace(/\/+$/, "");
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<Result<z.output<S>, AdminCallFailure>> {
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

  const at = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/policies`;
  return {
    list: (tenantId) => call(policyVersionsResponseSchema, "GET", at(tenantId)),
    get: (tenantId, version) => call(policyVersionResponseSchema, "GET", `${at(tenantId)}/${version}`),
    push: (tenantId, document, dryRunLimit) => call(pushPolicyResponseSchema, "POST", at(tenantId), { document, ...(dryRunLimit === undefined ? {} : { dryRunLimit }) }),
    activate: (tenantId, version, reason) => call(activationResponseSchema, "POST", `${at(tenantId)}/${version}/activate`, reason === undefined ? {} : { reason }),
    rollback: (tenantId, body) => call(activationResponseSchema, "POST", `${at(tenantId)}/rollback`, body),
    audit: (tenantId, body) => call(policyAuditResultSchema, "POST", `${at(tenantId)}/audit`, body),
  };
}

/** One line (plus issue lines) describing a failed call. */
export function describeFailure(failure: AdminCallFailure): string {
  if (failure.code !== "problem") return failure.message;
  const { problem } = failure;
  const issues = (problem.issues ?? []).map((issue) => `\n  - ${issue.path}: ${issue.message}`).join("");
  return `${failure.status} ${problem.code}: ${problem.detail ?? problem.title}${issues}`;
}
