import type { ChatRequest } from "../../shared/chat-api.js";
import { problem, type ProblemDetails } from "../../shared/problem-details.js";
import { idSchema } from "../../shared/ids.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { WebConfig, WebTenantConfig } from "../../shared/web-config.js";
import { WEB_CONVERSATION_PREFIX, type ConversationClaims, type ConversationTokens } from "./conversation-token.js";
import { verifyIdentityToken } from "./identity-token.js";

/** The tenant of a new conversation when the request names none (the demo tenant `npm start` serves). */
export const DEFAULT_WEB_TENANT = "demo";

/** Anonymous visitors' customer ids start with this. */
export const VISITOR_PREFIX = "visitor-";

/**
 * Verified web customers' ids are this prefix and the identity token's `sub`, so a merchant's customer id can never
 * equal a messaging channel's (`wa-…`, `tg-…`) or an anonymous visitor's id and act on that customer's account.
 */
export const VERIFIED_WEB_CUSTOMER_PREFIX = "web-id-";

const MAX_SUB_LENGTH = 128 - VERIFIED_WEB_CUSTOMER_PREFIX.length;

/** What the web channel needs to know who is writing. */
export interface WebIdentityDeps {
  tokens: ConversationTokens;
  /** WEB_CONFIG; unset → any tenant may start a conversation, none accepts identity tokens. */
  config?: WebConfig;
  /** Lifetime of a conversation token, in seconds (each reply carries a fresh one). */
  tokenTtlSeconds: number;
  now: () => Date;
  newId: () => string;
}

/** Who writes, from signatures only: tenant, conversation and customer, and a fresh token binding them. */
export interface WebSession {
  tenantId: string;
  conversationId: string;
  customerId: string;
  customerVerified: boolean;
  /** True when this message starts the conversation. */
  isNew: boolean;
  /** The tenant's web configuration (absent when WEB_CONFIG is unset or does not list it). */
  tenantConfig?: WebTenantConfig;
  /** The token to hand back (expiry renewed; customer updated by an identity token). */
  token: string;
}

/** Headers the session is resolved from. */
export interface WebRequestHeaders {
  authorization?: string | undefined;
  origin?: string | undefined;
}

/**
 * Resolves who writes a web message. The conversation comes only from a valid conversation token (else a new `web-…`
 * conversation is issued), the customer only from that token or the merchant's identity token, never from the body:
 * `customerId` is refused, `conversationId` without a token is refused, `tenantId` must match the token's.
 */
export async function resolveWebSession(
  request: ChatRequest,
  headers: WebRequestHeaders,
  deps: WebIdentityDeps,
): Promise<Result<WebSession, ProblemDetails>> {
  const fail = (body: ProblemDetails) => err(body);
  if (request.customerId !== undefined)
    return fail(
      problem("field_not_accepted", "customerId is not accepted: send an identityToken (README, Web identity)"),
    );
  const now = deps.now();
  const bearer = bearerToken(headers.authorization);
  if (bearer === "malformed")
    return fail(problem("conversation_token_invalid", "Authorization must be `Bearer <conversation token>`"));

  let claims: ConversationClaims;
  let isNew = false;
  if (bearer === undefined) {
    if (request.conversationId !== undefined)
      return fail(problem("conversation_token_required", "continue a conversation with its conversation token"));
    const conversationId = `${WEB_CONVERSATION_PREFIX}${deps.newId()}`;
    claims = {
      t: request.tenantId ?? DEFAULT_WEB_TENANT,
      c: conversationId,
      u: `${VISITOR_PREFIX}${conversationId}`,
      exp: 0,
    };
    isNew = true;
  } else {
    const verified = await deps.tokens.verify(bearer, now);
    if (!verified.ok) return fail(problem(verified.error.code));
    claims = verified.value;
    if (request.tenantId !== undefined && request.tenantId !== claims.t)
      return fail(problem("conversation_tenant_mismatch", "tenantId differs from the conversation token's tenant"));
    if (request.conversationId !== undefined && request.conversationId !== claims.c)
      return fail(problem("field_not_accepted", "conversationId differs from the conversation token's conversation"));
  }

  const tenantConfig = deps.config?.[claims.t];
  if (deps.config && !tenantConfig) return fail(problem("unknown_tenant", "this tenant has no web channel"));
  const allowed = tenantConfig?.allowedOrigins;
  if (allowed && headers.origin !== undefined && !allowed.includes(headers.origin))
    return fail(problem("origin_not_allowed", "this page's origin is not among the tenant's allowed origins"));

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (request.identityToken !== undefined) {
    const identity = await verifyIdentityToken(request.identityToken, tenantConfig?.identity, now, claims.t);
    if (!identity.ok) return fail(problem("identity_token_invalid", identity.error.reason));
    const { expiresAt } = identity.value;
    const customerId = `${VERIFIED_WEB_CUSTOMER_PREFIX}${identity.value.customerId}`;
    if (!idSchema.safeParse(customerId).success)
      return fail(problem("identity_token_invalid", `sub is too long (at most ${MAX_SUB_LENGTH} characters)`));
    const anonymous = claims.u.startsWith(VISITOR_PREFIX);
    if (!anonymous && claims.u !== customerId)
      return fail(problem("identity_token_invalid", "this conversation belongs to another customer"));
    claims = { ...claims, u: customerId, vx: expiresAt };
  }
  const customerVerified = claims.vx !== undefined && claims.vx > nowSeconds;
  const { vx, ...rest } = claims;
  const renewed = { ...rest, ...(customerVerified ? { vx } : {}), exp: nowSeconds + deps.tokenTtlSeconds };
  return ok({
    tenantId: claims.t,
    conversationId: claims.c,
    customerId: claims.u,
    customerVerified,
    isNew,
    ...(tenantConfig ? { tenantConfig } : {}),
    token: await deps.tokens.mint(renewed),
  });
}

/** The bearer token, undefined without an Authorization header, "malformed" for another scheme or an empty token. */
function bearerToken(header: string | undefined): string | undefined | "malformed" {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? "malformed";
}
