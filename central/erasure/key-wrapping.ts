import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/** Length in bytes of master keys and customer data keys (AES-256). */
export const KEY_BYTES = 32;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_PREFIX = "kw:v1:";

/** A fresh random 32-byte data key. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Associated data binding a wrapped key to its owner, so a wrapped key cannot be moved to another customer. */
function wrapContext(tenantId: string, customerId: string): Buffer {
  return Buffer.from(JSON.stringify(["frontdesk-customer-key-v1", tenantId, customerId]), "utf8");
}

/** Wraps a data key with the master key (AES-256-GCM, random IV): `kw:v1:<iv>:<ciphertext+tag>`, base64url parts. */
export function wrapDataKey(
  masterKey: Buffer,
  dataKey: Buffer,
  owner: { tenantId: string; customerId: string },
): string {
  assertKey(masterKey, "master key");
  assertKey(dataKey, "data key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  cipher.setAAD(wrapContext(owner.tenantId, owner.customerId));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return `${WRAPPED_PREFIX}${iv.toString("base64url")}:${sealed.toString("base64url")}`;
}

/**
 * Unwraps a data key; throws when the master key is wrong or the wrapped key was altered or moved (a bug or an attack).
 */
export function unwrapDataKey(
  masterKey: Buffer,
  wrapped: string,
  owner: { tenantId: string; customerId: string },
): Buffer {
  assertKey(masterKey, "master key");
  const [ivText, sealedText, extra] = wrapped.startsWith(WRAPPED_PREFIX)
    ? wrapped.slice(WRAPPED_PREFIX.length).split(":")
    : [];
  if (!ivText || !sealedText || extra !== undefined) throw new Error("customer key: not a kw:v1 wrapped key");
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  if (iv.length !== IV_BYTES || sealed.length !== KEY_BYTES + TAG_BYTES)
    throw new Error("customer key: wrapped key has the wrong length");
  const decipher = createDecipheriv("aes-256-gcm", masterKey, iv);
  decipher.setAAD(wrapContext(owner.tenantId, owner.customerId));
  decipher.setAuthTag(sealed.subarray(KEY_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, KEY_BYTES)), decipher.final()]);
  } catch {
    throw new Error(
      `customer key of ${owner.tenantId}/${owner.customerId} does not unwrap: ` +
        "ENCRYPTION_MASTER_KEY differs from the one that wrapped it, or the row was altered",
    );
  }
}

/** A short public identifier of a data key (HMAC of a fixed label; reveals nothing about the key). */
export function dataKeyId(dataKey: Buffer): string {
  return createHmac("sha256", dataKey).update("frontdesk-key-id-v1").digest().subarray(0, 6).toString("base64url");
}

function assertKey(key: Buffer, what: string): void {
  if (key.length !== KEY_BYTES) throw new Error(`${what} must be ${KEY_BYTES} bytes, got ${key.length}`);
}
