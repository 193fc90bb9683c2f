import { Hono, type Context } from "hono";
import { z } from "zod";
import {
  decideApprovalRequestSchema,
  type ApprovalDecisionResponse,
  type ApprovalsResponse,
  type PendingApprovalView,
} from "../../../shared/approvals-api.js";
import { idSchema } from "../../../shared/ids.js";
import { problem, ProblemError } from "../../../shared/problem-details.js";
import type { CorrelationIdEnv as CentralEnv } from "../../../shared/http/correlation-id/index.js";
import { adminPrincipalOf, requireAdminScope, type AdminAuth } from "../../auth/index.js";
import { readJsonBody } from "../../http/json-body.js";
import { readRouteParams } from "../../http/route-params.js";
import type { ActionState } from "../lifecycle/action-state.js";
import type { ApprovalRefusal } from "../lifecycle/decide-approval.js";
import type { ApprovalService, PendingApproval } from "../pipeline/approval-service.js";

/** What the approval routes need: the queue and the admin authenticator (scopes checked per route). */
export interface ApprovalRoutesDeps {
  approvals: ApprovalService;
  auth: AdminAuth;
}

const BASE = "/v1/admin/tenants/:tenantId/approvals";
const tenantParams = z.object({ tenantId: idSchema });
const actionParams = z.object({ tenantId: idSchema, actionId: idSchema });

const params = <S extends z.ZodType>(c: Context, schema: S) => readRouteParams(c, schema, "tenant or action id");

function needed(action: ActionState): number {
  return Math.max(0, (action.approval === "two_humans" ? 2 : 1) - action.approvers.length);
}

function view({ action, conversation }: PendingApproval): PendingApprovalView {
  return {
    actionId: action.actionId,
    type: action.type,
    customerId: action.customerId,
    conversationId: action.conversationId,
    orderId: action.orderId,
    amountMinor: action.amountMinor,
    currency: action.currency,
    reason: action.reason,
    approval: action.approval ?? "one_human",
    approvalsNeeded: needed(action),
    approvers: action.approvers,
    ruleIds: action.ruleIds,
    reasons: action.reasons,
    policyVersion: action.policyVersion,
    modelVersion: action.modelVersion,
    correlationId: action.correlationId,
    requestedAt: action.requestedAt,
    expiresAt: action.expiresAt,
    conversation,
  };
}

function refusalProblem(refusal: ApprovalRefusal, tenantId: string, actionId: string): ProblemError {
  if (refusal.code === "not_found")
    return new ProblemError(problem("not_found", `No action ${actionId} for tenant ${tenantId}.`));
  return new ProblemError(problem(refusal.code, `${refusal.message}.`));
}

/**
 * The human approval queue: `GET …/approvals` (scope `read`) lists pending approvals; `POST
 * …/approvals/:actionId/approve`
 * and `…/reject` (scope `approvals:write`, body `{ reason }`) decide, recorded as the token's admin. A decided action
 * answers 409 `approval_not_pending`, an expired one 410 `approval_expired`, the same admin twice 409
 * `duplicate_approver`.
 */
export function approvalRoutes(deps: ApprovalRoutesDeps): Hono<CentralEnv> {
  const decide = (decision: "approve" | "reject") => async (c: Context<CentralEnv>) => {
    const { tenantId, actionId } = params(c, actionParams);
    const body = await readJsonBody(c, decideApprovalRequestSchema);
    const by = adminPrincipalOf(c).id;
    const result = await deps.approvals.decide({
      tenantId,
      actionId,
      decision,
      by,
      reason: body.reason,
      requestId: c.get("correlationId"),
    });
    if (!result.ok) throw refusalProblem(result.error, tenantId, actionId);
    const { action, outcome, executed } = result.value;
    const response: ApprovalDecisionResponse = {
      tenantId,
      actionId,
      outcome,
      status: action.status,
      executed,
      approvalsNeeded: outcome === "approval_recorded" ? needed(action) : 0,
      approvers: action.approvers,
      decidedBy: action.decidedBy,
      reference: action.reference,
    };
    return c.json(response);
  };

  return new Hono<CentralEnv>()
    .get(BASE, requireAdminScope(deps.auth, "read"), async (c) => {
      const { tenantId } = params(c, tenantParams);
      const body: ApprovalsResponse = { tenantId, approvals: (await deps.approvals.pending(tenantId)).map(view) };
      return c.json(body);
    })
    .post(`${BASE}/:actionId/approve`, requireAdminScope(deps.auth, "approvals:write"), decide("approve"))
    .post(`${BASE}/:actionId/reject`, requireAdminScope(deps.auth, "approvals:write"), decide("reject"));
}
