import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { createAdminAuth, tokenSha256 } from "./admin-auth.js";
import type { CorrelationIdEnv } from "../../shared/http/correlation-id/index.js";
import { adminPrincipalOf, requireAdminScope, requireAdminToken } from "./require-admin-scope.js";

const ROOT = "root-admin-token-0123456789";
const ACME_POLICY = "acme-policy-writer-token-0123";
const ACME_READ = "acme-reader-token-0123456789";
const ANY_APPROVER = "every-tenant-approver-token-01";

const auth = createAdminAuth({
  adminToken: ROOT,
  scopedTokens: [
    { id: "acme-policy", tokenSha256: tokenSha256(ACME_POLICY), tenantId: "acme", scopes: ["policy:write", "read"] },
    { id: "acme-reader", tokenSha256: tokenSha256(ACME_READ), tenantId: "acme", scopes: ["read"] },
    { id: "approver", tokenSha256: tokenSha256(ANY_APPROVER), tenantId: "*", scopes: ["approvals:write"] },
  ],
});

function app() {
  const routes = new Hono<CorrelationIdEnv>()
    .post("/v1/admin/tenants/:tenantId/policies", requireAdminScope(auth, "policy:write"), (c) =>
      c.json({ by: adminPrincipalOf(c).id }),
    )
    .get("/v1/admin/tenants/:tenantId/policies", requireAdminScope(auth, "read"), (c) =>
      c.json({ by: c.get("adminPrincipal").id }),
    )
    .post("/v1/admin/tenants/:tenantId/approvals/a-1/approve", requireAdminScope(auth, "approvals:write"), (c) =>
      c.json({ by: adminPrincipalOf(c).id }),
    );
  const wrapper = new Hono<CorrelationIdEnv>().use("/v1/admin/*", requireAdminToken(auth));
  return routeTestApp(wrapper, routes);
}

async function call(method: string, path: string, token?: string) {
  const response = await app().request(path, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const body: unknown = await response.json();
  return { status: response.status, body, contentType: response.headers.get("content-type") };
}

describe("requireAdminScope", () => {
  it("admits ADMIN_TOKEN for every scope on every tenant, as the principal 'admin'", async () => {
    for (const [method, path] of [
      ["POST", "/v1/admin/tenants/acme/policies"],
      ["GET", "/v1/admin/tenants/globex/policies"],
      ["POST", "/v1/admin/tenants/x/approvals/a-1/approve"],
    ]) {
      expect(await call(method!, path!, ROOT)).toMatchObject({ status: 200, body: { by: "admin" } });
    }
  });

  it("admits a scoped token for its tenant and scope, naming the token", async () => {
    expect(await call("POST", "/v1/admin/tenants/acme/policies", ACME_POLICY)).toMatchObject({
      status: 200,
      body: { by: "acme-policy" },
    });
    expect(await call("GET", "/v1/admin/tenants/acme/policies", ACME_READ)).toMatchObject({
      status: 200,
      body: { by: "acme-reader" },
    });
    expect(await call("POST", "/v1/admin/tenants/globex/approvals/a-1/approve", ANY_APPROVER)).toMatchObject({
      status: 200,
      body: { by: "approver" },
    });
  });

  it("answers 401 unauthorized problem details without a token, for a malformed header or unknown token", async () => {
    for (const token of [undefined, "", "not-a-known-token-0123456789"]) {
      const response = await call("GET", "/v1/admin/tenants/acme/policies", token);
      expect(response.status).toBe(401);
      expect(response.contentType).toBe("application/problem+json");
      expect(problemDetailsSchema.parse(response.body).code).toBe("unauthorized");
    }
  });

  it("answers 403 forbidden problem details for a missing scope or another tenant", async () => {
    for (const [method, path, token] of [
      ["POST", "/v1/admin/tenants/acme/policies", ACME_READ], // read only
      ["POST", "/v1/admin/tenants/globex/policies", ACME_POLICY], // another tenant
      ["GET", "/v1/admin/tenants/globex/policies", ACME_READ], // another tenant
      ["GET", "/v1/admin/tenants/acme/policies", ANY_APPROVER], // approvals:write does not imply read
    ] as const) {
      const response = await call(method, path, token);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.contentType).toBe("application/problem+json");
      const body = problemDetailsSchema.parse(response.body);
      expect(body.code).toBe("forbidden");
      expect(body.detail).not.toContain(token);
    }
  });

  it("answers 401 on an unknown admin path without a token, and 404 with one", async () => {
    expect((await call("GET", "/v1/admin/nothing-here")).status).toBe(401);
    expect((await call("GET", "/v1/admin/nothing-here", ACME_READ)).status).toBe(404);
  });
});
