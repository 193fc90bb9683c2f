import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { CustomerKey } from "./customer-key-store.js";

/** Prefix of an encrypted personal field: `enc:v1:<keyId>:<iv>:<ciphertext+tag>`, base64url parts. */
export const ENCRYPTED_FIELD_PREFIX = "enc:v1:";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a ciphertext is bound to (AES-GCM associated data): it cannot be moved to another event, field or customer. */
export interface FieldContext {
  tenantId: string;
  customerId: string;
  eventId: string;
  field: string;
}

/** A decrypted field: its value, or `erased` when the key that encrypted it is gone (destroyed or replaced). */
export type DecryptedField = { erased: false; value: unknown } | { erased: true };

/** True when a stored value is an encrypted field. */
export function isEncryptedField(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(ENCRYPTED_FIELD_PREFIX);
}

function associatedData(context: FieldContext, keyId: string): Buffer {
  const { tenantId, customerId, eventId, field } = context;
  return Buffer.from(
    JSON.stringify(["frontdesk-field-v1", tenantId, customerId, eventId.toLowerCase(), field, keyId]),
    "utf8",
  );
}

/** Encrypts one field's value (any JSON value) with AES-256-GCM and a random IV; the result is a plain string. */
export function encryptField(key: CustomerKey, context: FieldContext, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(associatedData(context, key.keyId));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${ENCRYPTED_FIELD_PREFIX}${key.keyId}:${iv.toString("base64url")}:${sealed.toString("base64url")}`;
}

/**
 * Decrypts a stored field with the customer's current key (null when destroyed). A missing or different key means
 * the field was erased; a ciphertext that does not authenticate under its own key was altered or moved: that throws.
 */
export function decryptField(key: CustomerKey | null, context: FieldContext, stored: string): DecryptedField {
  const [keyId, ivText, sealedText, extra] = stored.slice(ENCRYPTED_FIELD_PREFIX.length).split(":");
  const where = `${context.field} of event ${context.eventId}`;
  if (!isEncryptedField(stored) || !keyId || !ivText || !sealedText || extra !== undefined) {
    throw new Error(`personal field ${where} is not a well-formed enc:v1 value`);
  }
  if (!key || key.keyId !== keyId) return { erased: true };
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES)
    throw new Error(`personal field ${where} has a malformed IV or tag`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, iv);
  decipher.setAAD(associatedData(context, keyId));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  let plaintext: string;
  try {
    plaintext = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new Error(
      `personal field ${where} does not authenticate: it was altered or copied from another event, field or customer`,
    );
  }
  return { erased: false, value: JSON.parse(plaintext) };
}
