import {
  approvalDecisionResponseSchema,
  approvalsResponseSchema,
  type ApprovalDecisionResponse,
  type ApprovalsResponse,
} from "../../../shared/approvals-api.js";
import type { Result } from "../../../shared/result.js";
import {
  createAdminApiCall,
  describeAdminCallFailure,
  type AdminApiClientOptions,
  type AdminCallFailure,
} from "../../cli/admin-api-client.js";

/** Why a call failed: central answered a problem, or could not be reached or understood. */
export type ApprovalsCallFailure = AdminCallFailure;

/** Central's base URL, an admin token, and `fetch` (replaceable in tests). */
export type ApprovalsClientOptions = AdminApiClientOptions;

/** The approval queue's admin API over HTTP (the CLI never opens the database: PGlite allows one process). */
export interface ApprovalsClient {
  list(tenantId: string): Promise<Result<ApprovalsResponse, ApprovalsCallFailure>>;
  decide(
    tenantId: string,
    actionId: string,
    decision: "approve" | "reject",
    reason: string,
  ): Promise<Result<ApprovalDecisionResponse, ApprovalsCallFailure>>;
}

/** Creates the client; answers are validated against the API contract, failures are values. */
export function createApprovalsClient(options: ApprovalsClientOptions): ApprovalsClient {
  const call = createAdminApiCall(options);
  const at = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/approvals`;
  return {
    list: (tenantId) => call(approvalsResponseSchema, "GET", at(tenantId)),
    decide: (tenantId, actionId, decision, reason) =>
      call(approvalDecisionResponseSchema, "POST", `${at(tenantId)}/${encodeURIComponent(actionId)}/${decision}`, {
        reason,
      }),
  };
}

/** One line (plus issue lines) describing a failed call. */
export const describeCallFailure: (failure: ApprovalsCallFailure) => string = describeAdminCallFailure;
