import type { Context, MiddlewareHandler } from "hono";
import type { CorrelationIdVariables } from "../../shared/http/correlation-id/index.js";
import { problem, ProblemError } from "../../shared/problem-details.js";
import type { AdminAuth } from "./admin-auth.js";
import { principalAllows, type AdminPrincipal, type AdminScope } from "./admin-scopes.js";

/** Context variables of an admin route: the correlation id, and the admin the request was authenticated as. */
export type AdminVariables = CorrelationIdVariables & { adminPrincipal: AdminPrincipal };

/** Hono environment of routes behind {@link requireAdminScope}. */
export type AdminEnv = { Variables: AdminVariables };

/** The bearer token of a request, or null when the Authorization header is absent or not `Bearer <token>`. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * Middleware admitting an admin token that holds `scope` for the route's `:tenantId` (a `*` token for any tenant):
 * no or unknown token → 401 `unauthorized`, a token without the scope or for another tenant → 403 `forbidden`.
 * Register it on the route itself (`app.get(path, requireAdminScope(auth, "read"), handler)`) so `:tenantId` is
 * known; the principal is then `c.get("adminPrincipal")` (see {@link adminPrincipalOf}).
 */
export function requireAdminScope(auth: AdminAuth, scope: AdminScope): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    const principal = token === null ? null : auth.authenticate(token);
    if (!principal) throw new ProblemError(problem("unauthorized", "Send Authorization: Bearer <admin token>."));
    const tenantId = c.req.param("tenantId");
    if (!principalAllows(principal, scope, tenantId)) {
      const where = tenantId === undefined ? "this route" : `tenant ${tenantId}`;
      throw new ProblemError(
        problem("forbidden", `Admin token '${principal.id}' does not hold scope ${scope} for ${where}.`),
      );
    }
    c.set("adminPrincipal", principal);
    await next();
  };
}

/** The admin a request behind {@link requireAdminScope} was authenticated as (throws if the middleware did not run). */
export function adminPrincipalOf(c: Context): AdminPrincipal {
  const principal: unknown = c.get("adminPrincipal");
  if (!principal) throw new Error("adminPrincipalOf: requireAdminScope did not run for this route");
  return principal as AdminPrincipal;
}

/**
 * Middleware admitting any admin token (401 `unauthorized` otherwise), for a whole path prefix such as `/v1/admin/*`
 * so that unknown admin paths answer 401 rather than revealing 404s; scopes are checked per route.
 */
export function requireAdminToken(auth: AdminAuth): MiddlewareHandler {
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (token === null || !auth.authenticate(token))
      throw new ProblemError(problem("unauthorized", "Send Authorization: Bearer <admin token>."));
    await next();
  };
}
