export { createAdminAuth, tokenSha256, ROOT_ADMIN_ID, type AdminAuth, type AdminAuthOptions } from "./admin-auth.js";
export {
  adminScopeSchema,
  scopedAdminTokenSchema,
  scopedAdminTokensSchema,
  ALL_ADMIN_SCOPES,
  principalAllows,
  type AdminPrincipal,
  type AdminScope,
  type ScopedAdminToken,
} from "./admin-scopes.js";
export {
  requireAdminScope,
  requireAdminToken,
  adminPrincipalOf,
  bearerToken,
  type AdminEnv,
  type AdminVariables,
} from "./require-admin-scope.js";
export { secretsEqual } from "./secrets-equal.js";
