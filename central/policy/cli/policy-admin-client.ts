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
import type { Result } from "../../../shared/result.js";
import {
  createAdminApiCall,
  describeAdminCallFailure,
  type AdminApiClientOptions,
  type AdminCallFailure,
} from "../../cli/admin-api-client.js";

/** Why a call to central's policy API failed (the shared admin API failure). */
export type { AdminCallFailure };

/** What the client talks to: central's base URL, an admin token, and `fetch` (replaceable in tests). */
export type PolicyAdminClientOptions = AdminApiClientOptions;

/** Central's policy admin API over HTTP, for the CLI (PGlite allows one process: the CLI never opens the database). */
export interface PolicyAdminClient {
  list(tenantId: string): Promise<Result<PolicyVersionsResponse, AdminCallFailure>>;
  get(tenantId: string, version: number | "active"): Promise<Result<PolicyVersionResponse, AdminCallFailure>>;
  push(
    tenantId: string,
    document: unknown,
    dryRunLimit?: number,
  ): Promise<Result<PushPolicyResponse, AdminCallFailure>>;
  activate(tenantId: string, version: number, reason?: string): Promise<Result<ActivationResponse, AdminCallFailure>>;
  rollback(
    tenantId: string,
    body: { fromVersion?: number; reason?: string },
  ): Promise<Result<ActivationResponse, AdminCallFailure>>;
  audit(
    tenantId: string,
    body: AuditPolicyRequest,
  ): Promise<Result<z.infer<typeof policyAuditResultSchema>, AdminCallFailure>>;
}

/** Creates the client; every answer is validated, failures are values. */
export function createPolicyAdminClient(options: PolicyAdminClientOptions): PolicyAdminClient {
  const call = createAdminApiCall(options);
  const at = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/policies`;
  return {
    list: (tenantId) => call(policyVersionsResponseSchema, "GET", at(tenantId)),
    get: (tenantId, version) => call(policyVersionResponseSchema, "GET", `${at(tenantId)}/${version}`),
    push: (tenantId, document, dryRunLimit) =>
      call(pushPolicyResponseSchema, "POST", at(tenantId), {
        document,
        ...(dryRunLimit === undefined ? {} : { dryRunLimit }),
      }),
    activate: (tenantId, version, reason) =>
      call(
        activationResponseSchema,
        "POST",
        `${at(tenantId)}/${version}/activate`,
        reason === undefined ? {} : { reason },
      ),
    rollback: (tenantId, body) => call(activationResponseSchema, "POST", `${at(tenantId)}/rollback`, body),
    audit: (tenantId, body) => call(policyAuditResultSchema, "POST", `${at(tenantId)}/audit`, body),
  };
}

/** One line (plus issue lines) describing a failed call. */
export const describeFailure: (failure: AdminCallFailure) => string = describeAdminCallFailure;
