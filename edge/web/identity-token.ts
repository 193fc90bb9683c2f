import { z } from "zod";
import { idSchema } from "../../shared/ids.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { WebTenantConfig } from "../../shared/web-config.js";
import { fromBase64Url } from "./base64url.js";

/** A verified identity: the merchant's customer id and until when the merchant vouches for it (epoch seconds). */
export interface VerifiedIdentity {
  customerId: string;
  expiresAt: number;
}

/** Why an identity token was refused; `reason` is safe to show (it never echoes the token). */
export interface IdentityTokenFailure {
  code: "identity_token_invalid";
  reason: string;
}

const headerSchema = z.object({ alg: z.string(), typ: z.string().optional() });
const claimsSchema = z.object({
  sub: idSchema,
  exp: z.number().int(),
  iat: z.number().int(),
  nbf: z.number().int().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  iss: z.string().optional(),
});

type IdentityConfig = NonNullable<WebTenantConfig["identity"]>;

/**
 * Verifies a merchant's identity token (a compact JWS) with WebCrypto: the algorithm is the one the tenant configured
 * (ES256 with a public key, else HS256 with a secret) — never the token's choice, so `none` and an HS256 token signed
 * with the public key are refused; then `exp`, `iat` (and `nbf`) within `clockSkewSeconds`, a lifetime of at most
 * `maxTokenAgeSeconds`, and `sub` a valid id. The token must be meant for this tenant: `aud` equals (or, as an array,
 * contains) the configured `audience`, else the tenant id — so a token for one tenant is no use at another sharing
 * the key; `iss` must equal the configured `issuer` when one is set.
 */
export async function verifyIdentityToken(
  token: string,
  config: IdentityConfig | undefined,
  now: Date,
  tenantId: string,
): Promise<Result<VerifiedIdentity, IdentityTokenFailure>> {
  const fail = (reason: string) => err({ code: "identity_token_invalid" as const, reason });
  if (!config) return fail("this tenant accepts no identity tokens (no identity configured)");
  const parts = token.split(".");
  if (parts.length !== 3) return fail("not a compact JWS (three dot-separated parts)");
  const [headerPart = "", claimsPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart, headerSchema);
  const claims = decodeJson(claimsPart, claimsSchema);
  const signature = fromBase64Url(signaturePart);
  if (!header || !signature) return fail("malformed header or signature");
  const expected = config.es256PublicJwk ? "ES256" : "HS256";
  if (header.alg !== expected) return fail(`alg must be ${expected}`);
  const signed = new TextEncoder().encode(`${headerPart}.${claimsPart}`);
  if (!(await signatureValid(config, signature, signed))) return fail("bad signature");
  if (!claims) return fail("claims need sub (an id), exp and iat (integers)");
  const audience = config.audience ?? tenantId;
  const audiences = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.includes(audience)) return fail(`aud must be ${JSON.stringify(audience)}`);
  if (config.issuer !== undefined && claims.iss !== config.issuer)
    return fail(`iss must be ${JSON.stringify(config.issuer)}`);
  const at = Math.floor(now.getTime() / 1000);
  const skew = config.clockSkewSeconds;
  if (claims.exp + skew <= at) return fail("expired");
  if (claims.iat - skew > at || (claims.nbf !== undefined && claims.nbf - skew > at)) return fail("not valid yet");
  if (claims.exp - claims.iat > config.maxTokenAgeSeconds) return fail("lifetime longer than allowed");
  return ok({ customerId: claims.sub, expiresAt: claims.exp });
}

async function signatureValid(config: IdentityConfig, signature: Uint8Array, signed: Uint8Array): Promise<boolean> {
  try {
    if (config.es256PublicJwk) {
      if (signature.length !== 64) return false;
      const { kty, crv, x, y } = config.es256PublicJwk;
      const key = await crypto.subtle.importKey(
        "jwk",
        { kty, crv, x, y },
        { name: "ECDSA", namedCurve: "P-256" },
        false,
        ["verify"],
      );
      return await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, signed);
    }
    if (!config.hs256Secret || signature.length !== 32) return false;
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(config.hs256Secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify("HMAC", key, signature, signed);
  } catch {
    // A key WebCrypto refuses (e.g. a point not on the curve) verifies nothing.
    return false;
  }
}

function decodeJson<T extends z.ZodType>(part: string, schema: T): z.infer<T> | null {
  const bytes = fromBase64Url(part);
  if (!bytes) return null;
  try {
    const parsed = schema.safeParse(
      JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
