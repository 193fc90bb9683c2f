import { describe, expect, it } from "vitest";
import { approvalDecisionResponseSchema, approvalsResponseSchema } from "../../../shared/approvals-api.js";
import { problemDetailsSchema } from "../../../shared/problem-details.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import { createAdminAuth, tokenSha256 } from "../../auth/index.js";
import { routeTestApp } from "../../http/testing/route-test-app.js";
import { createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";
import { approvalRoutes } from "./approval-routes.js";

const ROOT = "root-admin-token-0123456789";
const ANN = "ann-approver-token-0123456789";
const BOB = "bob-approver-token-0123456789";
const READER = "acme-reader-token-0123456789";
const OTHER = "globex-approver-token-0123456789";
const auth = createAdminAuth({
  adminToken: ROOT,
  scopedTokens: [
    { id: "ops-ann", tokenSha256: tokenSha256(ANN), tenantId: "acme", scopes: ["approvals:write", "read"] },
    { id: "ops-bob", tokenSha256: tokenSha256(BOB), tenantId: "*", scopes: ["approvals:write"] },
    { id: "acme-reader", tokenSha256: tokenSha256(READER), tenantId: "acme", scopes: ["read"] },
    { id: "globex-ops", tokenSha256: tokenSha256(OTHER), tenantId: "globex", scopes: ["approvals:write", "read"] },
  ],
});
const ORDER = {
  tenantId: "acme",
  customerId: "cust-1",
  orderId: "A-1",
  placedAt: "2026-11-15T12:00:00.000Z",
  totalMinor: 100_000,
};

async function setup(amountMinor: number) {
  const proposal = { type: "refund", amountMinor, currency: "EUR", orderId: "A-1", reason: "parcel damaged" };
  const llm = createScriptedFakeLlmProvider({
    script: (request) =>
      fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "Let me check."),
  });
  const h = createActionsHarness({ llm, policies: { acme: demoPolicyFor("acme") }, orders: [ORDER] });
  await h.say("refund for order A-1");
  const app = routeTestApp(approvalRoutes({ approvals: h.actions.approvals, auth }));
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json", "x-correlation-id": "corr-admin-1" };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await app.request(`/v1/admin/tenants/acme/approvals${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const [action] = await h.actionStates();
  return { h, call, actionId: action?.actionId ?? "" };
}

const problem = (body: unknown) => problemDetailsSchema.parse(body);

describe("approval routes", () => {
  it("lists pending approvals with the conversation, proposal and rules (scope read)", async () => {
    const { call, actionId } = await setup(6000);

    const listed = await call("GET", "", READER);

    expect(listed.status).toBe(200);
    const body = approvalsResponseSchema.parse(listed.body);
    expect(body.approvals).toMatchObject([
      {
        actionId,
        type: "refund",
        amountMinor: 6000,
        reason: "parcel damaged",
        approval: "one_human",
        approvalsNeeded: 1,
        ruleIds: ["refund-over-50"],
      },
    ]);
    expect(body.approvals[0]?.conversation[0]).toEqual({ role: "customer", text: "refund for order A-1" });
  });

  it("approves as the token's admin, executes, and answers 409 to a replay of the same approval", async () => {
    const { h, call, actionId } = await setup(6000);

    const approved = await call("POST", `/${actionId}/approve`, ANN, { reason: "photos show damage" });
    expect(approved.status).toBe(200);
    expect(approvalDecisionResponseSchema.parse(approved.body)).toMatchObject({
      outcome: "approved",
      executed: true,
      status: "executed",
      decidedBy: "ops-ann",
      approvers: [{ by: "ops-ann", reason: "photos show damage" }],
    });

    const replayed = await call("POST", `/${actionId}/approve`, ANN, { reason: "photos show damage" });
    expect(replayed.status).toBe(409);
    expect(problem(replayed.body)).toMatchObject({ code: "approval_not_pending", correlationId: "corr-admin-1" });
    expect(h.executor.calls).toHaveLength(1);
  });

  it("needs two distinct admins for two_humans (the same one twice is 409 duplicate_approver)", async () => {
    const { h, call, actionId } = await setup(30_000);

    expect(
      approvalDecisionResponseSchema.parse((await call("POST", `/${actionId}/approve`, ANN, { reason: "ok" })).body),
    ).toMatchObject({ outcome: "approval_recorded", approvalsNeeded: 1, executed: false });
    const again = await call("POST", `/${actionId}/approve`, ANN, { reason: "ok" });
    expect([again.status, problem(again.body).code]).toEqual([409, "duplicate_approver"]);
    expect(
      approvalDecisionResponseSchema.parse(
        (await call("POST", `/${actionId}/approve`, BOB, { reason: "ok too" })).body,
      ),
    ).toMatchObject({ outcome: "approved", executed: true });
    expect(h.executor.executed).toHaveLength(1);
  });

  it("rejects with a reason; after expiry a decision is 410 approval_expired", async () => {
    const rejected = await setup(6000);
    const response = await rejected.call("POST", `/${rejected.actionId}/reject`, ANN, { reason: "duplicate claim" });
    expect(approvalDecisionResponseSchema.parse(response.body)).toMatchObject({
      outcome: "rejected",
      status: "denied",
      executed: false,
    });

    const late = await setup(6000);
    late.h.advance(73 * 3_600_000);
    const expired = await late.call("POST", `/${late.actionId}/approve`, ANN, { reason: "sorry, late" });
    expect([expired.status, problem(expired.body).code]).toEqual([410, "approval_expired"]);
    expect(late.h.executor.calls).toEqual([]);
  });

  it("answers 401 no token, 403 read-only or other tenant's token, 404 unknown action, 400 no reason", async () => {
    const { h, call, actionId } = await setup(6000);

    const cases = [
      await call("POST", `/${actionId}/approve`, null, { reason: "x" }),
      await call("POST", `/${actionId}/approve`, READER, { reason: "x" }),
      await call("POST", `/${actionId}/approve`, OTHER, { reason: "x" }),
      await call("GET", "", OTHER),
      await call("POST", "/00000000-0000-4000-8000-000000000000/approve", ANN, { reason: "x" }),
      await call("POST", `/${actionId}/approve`, ANN, { reason: "  " }),
      await call("POST", `/${actionId}/approve`, ANN, { reason: "x", approvedBy: "someone-else" }),
    ];

    expect(cases.map((entry) => [entry.status, problem(entry.body).code])).toEqual([
      [401, "unauthorized"],
      [403, "forbidden"],
      [403, "forbidden"],
      [403, "forbidden"],
      [404, "not_found"],
      [400, "validation_failed"],
      [400, "validation_failed"],
    ]);
    expect(h.executor.calls).toEqual([]);
  });
});
