import { z } from "zod";
import { idSchema } from "./ids.js";

/** A public EC P-256 key as a JWK (the merchant's ES256 identity-token key). */
export const es256PublicJwkSchema = z
  .object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "base64url of 32 bytes"),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "base64url of 32 bytes"),
    d: z.never({ error: "must be the public key (no d)" }).optional(),
  })
  .loose();

/** How the merchant's site vouches for a logged-in customer: an HS256 secret and/or an ES256 public key. */
export const webIdentityConfigSchema = z
  .strictObject({
    /** Shared secret of HS256 identity tokens (at least 32 characters). */
    hs256Secret: z.string().min(32).max(1024).optional(),
    /** Public key of ES256 identity tokens (set exactly one of the two: the algorithm is never the token's choice). */
    es256PublicJwk: es256PublicJwkSchema.optional(),
    /** Accepted clock difference for `exp`, `iat` and `nbf`, in seconds. */
    clockSkewSeconds: z.number().int().min(0).max(600).default(60),
    /** Longest identity-token lifetime accepted (`exp - iat`), in seconds. */
    maxTokenAgeSeconds: z.number().int().min(60).max(86_400).default(3600),
    /** The `aud` identity tokens must carry (equal, or contained in an array); unset → the tenant id. */
    audience: z.string().min(1).max(256).optional(),
    /** The `iss` identity tokens must carry; unset → not checked. */
    issuer: z.string().min(1).max(256).optional(),
  })
  .refine((identity) => (identity.hs256Secret === undefined) !== (identity.es256PublicJwk === undefined), {
    error: "needs exactly one of hs256Secret and es256PublicJwk",
  });

/** Messages allowed per window: per tenant (all visitors) and per visitor (one conversation, or one IP). */
export const webRateLimitsSchema = z.strictObject({
  windowSeconds: z.number().int().min(1).max(3600).default(60),
  perTenant: z.number().int().min(1).max(1_000_000).optional(),
  perVisitor: z.number().int().min(1).max(100_000).optional(),
});

/** The web channel's limits when a tenant sets none: 30 messages a minute per visitor, no tenant-wide limit. */
export const DEFAULT_WEB_RATE_LIMITS = { windowSeconds: 60, perVisitor: 30 } as const;

/** One tenant's web channel: identity-token verification, allowed page origins, rate limits. */
export const webTenantConfigSchema = z.strictObject({
  identity: webIdentityConfigSchema.optional(),
  /** Page origins (e.g. `https://shop.example`) allowed to post; unset → any origin. */
  allowedOrigins: z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)).optional(),
  rateLimits: webRateLimitsSchema.optional(),
});

/** One tenant's web channel configuration. */
export type WebTenantConfig = z.infer<typeof webTenantConfigSchema>;

/** `WEB_CONFIG` (an edge secret, JSON): tenant → web channel configuration. Set → only these tenants may chat. */
export const webConfigSchema = z.record(idSchema, webTenantConfigSchema);

/** The web channel's per-tenant configuration. */
export type WebConfig = z.infer<typeof webConfigSchema>;
