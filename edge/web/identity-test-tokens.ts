import { toBase64Url } from "./base64url.js";

/** Test helpers: sign identity tokens (JWS compact) the way a merchant's site would, with WebCrypto. */
const encode = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

/** An HS256 token over `claims` with `secret` (header `alg` overridable to test algorithm confusion). */
export async function hs256Token(secret: string, claims: object, alg = "HS256"): Promise<string> {
  const signed = `${encode({ alg, typ: "JWT" })}.${encode(claims)}`;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(signed)));
  return `${signed}.${toBase64Url(signature)}`;
}

/** An ES256 key pair: the private key to sign with and the public JWK a tenant configures. */
export async function es256KeyPair(): Promise<{ privateKey: CryptoKey; publicJwk: JsonWebKey }> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { privateKey: pair.privateKey, publicJwk };
}

/** An ES256 token over `claims`. */
export async function es256Token(privateKey: CryptoKey, claims: object): Promise<string> {
  const signed = `${encode({ alg: "ES256", typ: "JWT" })}.${encode(claims)}`;
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, new TextEncoder().encode(signed)),
  );
  return `${signed}.${toBase64Url(signature)}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(claims: object): string {
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.`;
}
