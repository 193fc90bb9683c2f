import { createHash } from "node:crypto";
import { secretsEqual } from "./secrets-equal.js";
import { ALL_ADMIN_SCOPES, type AdminPrincipal, type ScopedAdminToken } from "./admin-scopes.js";

/** Id of the principal `ADMIN_TOKEN` authenticates as. */
export const ROOT_ADMIN_ID = "admin";

/** Resolves a presented bearer token to the admin it belongs to. */
export interface AdminAuth {
  /** The principal of `token`, or null when it is no admin token. */
  authenticate(token: string): AdminPrincipal | null;
}

/** What admin authentication is built from: the all-tenants/all-scopes `ADMIN_TOKEN` and the scoped tokens. */
export interface AdminAuthOptions {
  adminToken: string;
  scopedTokens?: readonly ScopedAdminToken[];
}

/** Lower-case hex SHA-256 of a token, as `ADMIN_TOKENS` stores it. */
export function tokenSha256(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Creates the admin authenticator: `ADMIN_TOKEN` (compared in constant time) is every scope on every tenant; a
 * scoped token is found by the SHA-256 of what was presented, so only digests are held in memory.
 */
export function createAdminAuth(options: AdminAuthOptions): AdminAuth {
  const root: AdminPrincipal = { id: ROOT_ADMIN_ID, tenantId: "*", scopes: ALL_ADMIN_SCOPES };
  const byDigest = new Map(
    (options.scopedTokens ?? []).map((token) => [
      token.tokenSha256,
      { id: token.id, tenantId: token.tenantId, scopes: [...token.scopes] },
    ]),
  );
  return {
    authenticate(token) {
      if (secretsEqual(token, options.adminToken)) return root;
      return byDigest.get(tokenSha256(token)) ?? null;
    },
  };
}
