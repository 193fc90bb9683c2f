import { z } from "zod";
import { idSchema } from "../../shared/ids.js";

/**
 * What an admin token may do: change policies, decide approvals, read (conversations, timelines, policies, audits),
 * erase a customer's personal data. No scope implies another.
 */
export const adminScopeSchema = z.enum(["policy:write", "approvals:write", "read", "erasure:write"]);

/** One admin scope. */
export type AdminScope = z.infer<typeof adminScopeSchema>;

/** Every admin scope (what `ADMIN_TOKEN` holds). */
export const ALL_ADMIN_SCOPES: readonly AdminScope[] = adminScopeSchema.options;

/**
 * One scoped admin token as configured in `ADMIN_TOKENS`: an id (recorded as the actor of what it does), the
 * SHA-256 of the token (hex; the token itself is never stored), the tenant it is for (`*` = every tenant) and scopes.
 */
export const scopedAdminTokenSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._@+=-]{1,64}$/, "token ids are 1-64 of A-Z a-z 0-9 . _ @ + = -"),
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "tokenSha256 is the lower-case hex SHA-256 of the token (64 characters)"),
  tenantId: z.union([z.literal("*"), idSchema]),
  scopes: z.array(adminScopeSchema).min(1),
});

/** One scoped admin token's configuration. */
export type ScopedAdminToken = z.infer<typeof scopedAdminTokenSchema>;

/** The `ADMIN_TOKENS` list: distinct ids and distinct token digests. */
export const scopedAdminTokensSchema = z.array(scopedAdminTokenSchema).superRefine((tokens, ctx) => {
  const ids = new Set<string>();
  const digests = new Set<string>();
  tokens.forEach((token, index) => {
    if (ids.has(token.id))
      ctx.addIssue({ code: "custom", path: [index, "id"], message: `token id '${token.id}' appears twice` });
    if (digests.has(token.tokenSha256))
      ctx.addIssue({ code: "custom", path: [index, "tokenSha256"], message: "the same token digest appears twice" });
    ids.add(token.id);
    digests.add(token.tokenSha256);
  });
});

/** Who an authenticated admin request acts as. */
export interface AdminPrincipal {
  /** Token id: `admin` for `ADMIN_TOKEN`, else the scoped token's id. Recorded as the actor of changes. */
  id: string;
  /** The tenant the token is for, or `*` for every tenant. */
  tenantId: string;
  scopes: readonly AdminScope[];
}

/** True when the principal holds `scope` for `tenantId` (a `*` token covers every tenant). */
export function principalAllows(principal: AdminPrincipal, scope: AdminScope, tenantId: string | undefined): boolean {
  if (!principal.scopes.includes(scope)) return false;
  return principal.tenantId === "*" || principal.tenantId === tenantId;
}
