import { describe, expect, it } from "vitest";
import { createAdminAuth, tokenSha256 } from "./admin-auth.js";
import { principalAllows, scopedAdminTokensSchema } from "./admin-scopes.js";

describe("createAdminAuth", () => {
  it("authenticates ADMIN_TOKEN as every scope on every tenant, and a scoped token by its digest", () => {
    const auth = createAdminAuth({
      adminToken: "root-admin-token-0123456789",
      scopedTokens: [
        { id: "ops", tokenSha256: tokenSha256("ops-token-0123456789abcdef"), tenantId: "acme", scopes: ["read"] },
      ],
    });
    expect(auth.authenticate("root-admin-token-0123456789")).toEqual({
      id: "admin",
      tenantId: "*",
      scopes: ["policy:write", "approvals:write", "read", "erasure:write"],
    });
    expect(auth.authenticate("ops-token-0123456789abcdef")).toEqual({ id: "ops", tenantId: "acme", scopes: ["read"] });
    expect(auth.authenticate("ops-token-0123456789abcdeF")).toBeNull();
    expect(auth.authenticate(tokenSha256("ops-token-0123456789abcdef"))).toBeNull(); // the digest is not the token
  });

  it("allows a scope only for the token's tenant unless the token is for every tenant", () => {
    expect(principalAllows({ id: "a", tenantId: "acme", scopes: ["read"] }, "read", "acme")).toBe(true);
    expect(principalAllows({ id: "a", tenantId: "acme", scopes: ["read"] }, "read", "globex")).toBe(false);
    expect(principalAllows({ id: "a", tenantId: "acme", scopes: ["read"] }, "read", undefined)).toBe(false);
    expect(principalAllows({ id: "a", tenantId: "*", scopes: ["read"] }, "read", "globex")).toBe(true);
    expect(principalAllows({ id: "a", tenantId: "*", scopes: ["read"] }, "policy:write", "globex")).toBe(false);
  });

  it("refuses an ADMIN_TOKENS list with duplicate ids or digests, bad digests, unknown scopes or no scopes", () => {
    const digest = tokenSha256("x-token-0123456789abcdef");
    const entry = { id: "ops", tokenSha256: digest, tenantId: "acme", scopes: ["read"] };
    expect(scopedAdminTokensSchema.safeParse([entry]).success).toBe(true);
    const duplicates = scopedAdminTokensSchema.safeParse([
      entry,
      { ...entry, tokenSha256: tokenSha256("other-token-0123456789") },
      { ...entry, id: "b" },
    ]);
    expect(duplicates.success ? [] : duplicates.error.issues.map((issue) => issue.path.join("."))).toEqual([
      "1.id",
      "2.tokenSha256",
    ]);
    const bad = scopedAdminTokensSchema.safeParse([
      entry,
      { ...entry, id: "c", tokenSha256: "ABC" },
      { ...entry, id: "d", tokenSha256: tokenSha256("d"), scopes: ["root"] },
      { ...entry, id: "e", tokenSha256: tokenSha256("e"), scopes: [] },
    ]);
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["1.tokenSha256", "2.scopes.0", "3.scopes"]);
  });
});
