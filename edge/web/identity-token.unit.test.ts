import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webIdentityConfigSchema } from "../../shared/web-config.js";
import { verifyIdentityToken } from "./identity-token.js";
import { es256KeyPair, es256Token, hs256Token, unsignedToken } from "./identity-test-tokens.js";

const NOW = new Date("2026-11-23T10:00:00.000Z");
const at = NOW.getTime() / 1000;
const SECRET = "merchant-hs256-secret-0123456789-abcdef";
const hs256 = webIdentityConfigSchema.parse({ hs256Secret: SECRET });
const TENANT = "acme";
const claims = { sub: "cust-42", aud: TENANT, iat: at - 10, exp: at + 600 };

describe("verifyIdentityToken", () => {
  it("accepts an HS256 token signed with the tenant's secret and returns its subject and expiry", async () => {
    expect(await verifyIdentityToken(await hs256Token(SECRET, claims), hs256, NOW, TENANT)).toEqual({
      ok: true,
      value: { customerId: "cust-42", expiresAt: at + 600 },
    });
  });

  it("accepts an ES256 token verified with the tenant's public JWK", async () => {
    const { privateKey, publicJwk } = await es256KeyPair();
    const config = webIdentityConfigSchema.parse({ es256PublicJwk: publicJwk });
    const result = await verifyIdentityToken(await es256Token(privateKey, claims), config, NOW, TENANT);
    expect(result).toMatchObject({ ok: true, value: { customerId: "cust-42" } });
  });

  it("refuses alg none, and an HS256 token (keyed with the public key) where ES256 is configured", async () => {
    const { publicJwk } = await es256KeyPair();
    const es256 = webIdentityConfigSchema.parse({ es256PublicJwk: publicJwk });
    expect(await verifyIdentityToken(unsignedToken(claims), hs256, NOW, TENANT)).toMatchObject({
      ok: false,
      error: { code: "identity_token_invalid", reason: "alg must be HS256" },
    });
    const confused = await hs256Token(JSON.stringify(publicJwk), claims);
    expect(await verifyIdentityToken(confused, es256, NOW, TENANT)).toMatchObject({
      ok: false,
      error: { reason: "alg must be ES256" },
    });
    const relabelled = await hs256Token(JSON.stringify(publicJwk), claims, "ES256");
    expect(await verifyIdentityToken(relabelled, es256, NOW, TENANT)).toMatchObject({
      ok: false,
      error: { reason: "bad signature" },
    });
  });

  it("refuses a token signed with another secret, or for a tenant without identity configured", async () => {
    const other = await hs256Token("someone-elses-secret-0123456789-abcdef", claims);
    expect(await verifyIdentityToken(other, hs256, NOW, TENANT)).toMatchObject({
      ok: false,
      error: { reason: "bad signature" },
    });
    expect((await verifyIdentityToken(await hs256Token(SECRET, claims), undefined, NOW, TENANT)).ok).toBe(false);
  });

  it("checks exp and iat within the allowed clock skew, and the token's lifetime", async () => {
    const verify = async (c: object) => verifyIdentityToken(await hs256Token(SECRET, c), hs256, NOW, TENANT);
    expect((await verify({ ...claims, exp: at - 30 })).ok).toBe(true);
    expect(await verify({ ...claims, exp: at - 61 })).toMatchObject({ error: { reason: "expired" } });
    expect((await verify({ ...claims, iat: at + 30 })).ok).toBe(true);
    expect(await verify({ ...claims, iat: at + 61 })).toMatchObject({ error: { reason: "not valid yet" } });
    expect(await verify({ ...claims, nbf: at + 120 })).toMatchObject({ error: { reason: "not valid yet" } });
    expect(await verify({ sub: "cust-42", aud: TENANT, iat: at, exp: at + 7200 })).toMatchObject({
      error: { reason: "lifetime longer than allowed" },
    });
  });

  it("requires aud to name this tenant, so a token minted for another tenant sharing the key is refused", async () => {
    const verify = async (c: object, tenant = TENANT, config = hs256) =>
      verifyIdentityToken(await hs256Token(SECRET, c), config, NOW, tenant);
    expect((await verify(claims)).ok).toBe(true);
    expect(await verify(claims, "globex")).toMatchObject({ ok: false, error: { reason: 'aud must be "globex"' } });
    const { aud: _aud, ...withoutAud } = claims;
    expect(await verify(withoutAud)).toMatchObject({ ok: false, error: { code: "identity_token_invalid" } });
    expect((await verify({ ...claims, aud: ["globex", TENANT] })).ok).toBe(true);
    expect((await verify({ ...claims, aud: ["globex"] })).ok).toBe(false);
  });

  it("requires the configured audience instead of the tenant id, and the configured issuer", async () => {
    const config = webIdentityConfigSchema.parse({ hs256Secret: SECRET, audience: "shop.acme", issuer: "acme-auth" });
    const verify = async (c: object) => verifyIdentityToken(await hs256Token(SECRET, c), config, NOW, TENANT);
    expect((await verify({ ...claims, aud: "shop.acme", iss: "acme-auth" })).ok).toBe(true);
    expect(await verify({ ...claims, iss: "acme-auth" })).toMatchObject({
      error: { reason: 'aud must be "shop.acme"' },
    });
    expect(await verify({ ...claims, aud: "shop.acme" })).toMatchObject({
      error: { reason: 'iss must be "acme-auth"' },
    });
    expect((await verify({ ...claims, aud: "shop.acme", iss: "other" })).ok).toBe(false);
  });

  it("requires sub to be a valid id, and exp and iat", async () => {
    for (const bad of [
      { ...claims, sub: "a b" },
      { sub: "cust-42", aud: TENANT, exp: at + 60 },
      { sub: "cust-42", aud: TENANT, iat: at },
    ]) {
      expect((await verifyIdentityToken(await hs256Token(SECRET, bad), hs256, NOW, TENANT)).ok).toBe(false);
    }
  });

  it("refuses any change to a valid token (property)", async () => {
    const token = await hs256Token(SECRET, claims);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."AQgw_-.x0"), async (index, char) => {
        const mutated = token.slice(0, index) + char + token.slice(index + 1);
        fc.pre(mutated !== token);
        expect((await verifyIdentityToken(mutated, hs256, NOW, TENANT)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
