/**
 * WebCrypto helpers for webhook signatures: HMAC verification (constant-time inside WebCrypto) and secret comparison.
 */

const encoder = new TextEncoder();

/** Bytes as a fresh ArrayBuffer-backed view (WebCrypto wants BufferSource over an ArrayBuffer). */
function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes lower- or upper-case hex; null when it is not hex of an even length. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Decodes standard base64; null when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** An HMAC algorithm WebCrypto knows. */
export type HmacHash = "SHA-256" | "SHA-1";

async function hmacKey(secret: string, hash: HmacHash): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", buffer(utf8(secret)), { name: "HMAC", hash }, false, ["sign", "verify"]);
}

/** The HMAC of `data` with `secret` (used to sign test requests and fake platforms' callbacks). */
export async function hmac(secret: string, data: Uint8Array, hash: HmacHash): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, hash), buffer(data)));
}

/** True when `signature` is the HMAC of `data` with `secret`; WebCrypto's verify compares in constant time. */
export async function verifyHmac(
  secret: string,
  data: Uint8Array,
  signature: Uint8Array,
  hash: HmacHash,
): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret, hash), buffer(signature), buffer(data));
}

/**
 * Compares two secrets in constant time with respect to their contents: both are hashed with SHA-256 first, so the
 * comparison runs over 32 bytes whatever the lengths, and the XOR loop never exits early.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all(
    [given, expected].map(async (value) => new Uint8Array(await crypto.subtle.digest("SHA-256", buffer(utf8(value))))),
  );
  let difference = 0;
  for (let i = 0; i < 32; i += 1) difference |= (a?.[i] ?? 0) ^ (b?.[i] ?? 1);
  return difference === 0;
}
