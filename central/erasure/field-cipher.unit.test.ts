import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerKey } from "./customer-key-store.js";
import { decryptField, encryptField, isEncryptedField } from "./field-cipher.js";
import { dataKeyId } from "./key-wrapping.js";

function customerKey(customerId = "c-1"): CustomerKey {
  const key = randomBytes(32);
  return { tenantId: "acme", customerId, key, keyId: dataKeyId(key) };
}

const context = { tenantId: "acme", customerId: "c-1", eventId: "0b9e7c9e-1f47-4d8a-9d8e-8f2f4b1f0a11", field: "text" };

describe("field cipher", () => {
  it("round-trips any JSON value through a self-describing string", () => {
    const key = customerKey();
    for (const value of ["Ada Lovelace", 'héllo ✓ "quoted"', "", 42, { nested: [1, null] }]) {
      const stored = encryptField(key, context, value);
      expect(stored).toMatch(/^enc:v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
      expect(isEncryptedField(stored)).toBe(true);
      expect(decryptField(key, context, stored)).toEqual({ erased: false, value });
    }
  });

  it("uses a fresh IV every time, so equal values do not give equal ciphertexts", () => {
    const key = customerKey();
    expect(encryptField(key, context, "same")).not.toBe(encryptField(key, context, "same"));
  });

  it("reads as erased when the key is gone or was replaced by a new one", () => {
    const stored = encryptField(customerKey(), context, "Ada");
    expect(decryptField(null, context, stored)).toEqual({ erased: true });
    expect(decryptField(customerKey(), context, stored)).toEqual({ erased: true });
  });

  it("refuses a ciphertext moved to another event, field or customer", () => {
    const key = customerKey();
    const stored = encryptField(key, context, "Ada");
    for (const moved of [
      { eventId: "5f0c2a36-8c55-4c0e-b3a4-2f8f4c3c7d22" },
      { field: "name" },
      { customerId: "c-2" },
      { tenantId: "globex" },
    ]) {
      expect(() => decryptField(key, { ...context, ...moved }, stored)).toThrow(/does not authenticate/);
    }
  });

  it("binds to the event id whatever its letter case", () => {
    const key = customerKey();
    const stored = encryptField(key, { ...context, eventId: context.eventId.toUpperCase() }, "Ada");
    expect(decryptField(key, context, stored)).toEqual({ erased: false, value: "Ada" });
  });

  it("refuses malformed values", () => {
    const key = customerKey();
    expect(() => decryptField(key, context, "enc:v1:only-two:parts")).toThrow(/well-formed/);
    expect(() => decryptField(key, context, `enc:v1:${key.keyId}:AAAA:AAAA`)).toThrow(/malformed/);
  });
});
