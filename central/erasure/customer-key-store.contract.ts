import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerKeyStore } from "./customer-key-store.js";

/** The behaviour every {@link CustomerKeyStore} adapter must show. */
export function describeCustomerKeyStoreContract(
  name: string,
  makeStore: () => CustomerKeyStore | Promise<CustomerKeyStore>,
): void {
  describe(`CustomerKeyStore contract: ${name}`, () => {
    const customer = () => `c-${randomUUID()}`;

    it("creates a 32-byte key once and returns the same key afterwards", async () => {
      const keys = await makeStore();
      const id = customer();
      const created = await keys.getOrCreate("acme", id);
      expect(created.key).toHaveLength(32);
      expect(created).toMatchObject({ tenantId: "acme", customerId: id });
      const again = await keys.getOrCreate("acme", id);
      expect(again.key.equals(created.key)).toBe(true);
      expect(again.keyId).toBe(created.keyId);
      expect((await keys.get("acme", id))?.key.equals(created.key)).toBe(true);
    });

    it("gives each customer and each tenant its own key", async () => {
      const keys = await makeStore();
      const id = customer();
      const [a, b, c] = await Promise.all([
        keys.getOrCreate("acme", id),
        keys.getOrCreate("acme", customer()),
        keys.getOrCreate("globex", id),
      ]);
      expect(new Set([a.keyId, b.keyId, c.keyId]).size).toBe(3);
    });

    it("answers null for a customer that never had a key", async () => {
      const keys = await makeStore();
      expect(await keys.get("acme", customer())).toBeNull();
    });

    it("ends concurrent creators with one single key", async () => {
      const keys = await makeStore();
      const id = customer();
      const results = await Promise.all(Array.from({ length: 10 }, () => keys.getOrCreate("acme", id)));
      expect(new Set(results.map((result) => result.key.toString("hex"))).size).toBe(1);
      expect((await keys.get("acme", id))?.keyId).toBe(results[0]?.keyId);
    });

    it("reads many customers' keys at once, in order, with null for absent or destroyed ones", async () => {
      const keys = await makeStore();
      const ids = Array.from({ length: 1203 }, () => customer());
      const created = await Promise.all(ids.slice(0, 1200).map((id) => keys.getOrCreate("acme", id)));
      await keys.destroy("acme", ids[1]!);
      const asked = [...ids, ids[0]!].map((customerId) => ({ tenantId: "acme", customerId }));
      const many = await keys.getMany([...asked, { tenantId: "globex", customerId: ids[0]! }]);
      expect(many).toHaveLength(asked.length + 1);
      expect(many[0]?.keyId).toBe(created[0]?.keyId);
      expect(many[1]).toBeNull();
      expect(many.slice(2, 1200).map((key) => key?.keyId)).toEqual(created.slice(2).map((key) => key.keyId));
      expect(many.slice(1200, 1203)).toEqual([null, null, null]);
      expect(many[1203]?.keyId).toBe(created[0]?.keyId);
      expect(many[1204]).toBeNull();
      expect(await keys.getMany([])).toEqual([]);
    });

    it("destroys a key idempotently, and only that customer's", async () => {
      const keys = await makeStore();
      const [id, other] = [customer(), customer()];
      await keys.getOrCreate("acme", id);
      const kept = await keys.getOrCreate("acme", other);
      expect(await keys.destroy("acme", id)).toEqual({ destroyed: true });
      expect(await keys.get("acme", id)).toBeNull();
      expect(await keys.destroy("acme", id)).toEqual({ destroyed: false });
      expect((await keys.get("acme", other))?.keyId).toBe(kept.keyId);
    });

    it("destroys a key by id only while it is still the customer's key", async () => {
      const keys = await makeStore();
      const id = customer();
      const first = await keys.getOrCreate("acme", id);
      expect(await keys.destroy("acme", id, { keyId: "not-this-one" })).toEqual({ destroyed: false });
      expect((await keys.get("acme", id))?.keyId).toBe(first.keyId);
      expect(await keys.destroy("acme", id, { keyId: first.keyId })).toEqual({ destroyed: true });
      const second = await keys.getOrCreate("acme", id);
      expect(await keys.destroy("acme", id, { keyId: first.keyId })).toEqual({ destroyed: false });
      expect((await keys.get("acme", id))?.keyId).toBe(second.keyId);
    });

    it("creates a different key for a customer who returns after erasure", async () => {
      const keys = await makeStore();
      const id = customer();
      const before = await keys.getOrCreate("acme", id);
      await keys.destroy("acme", id);
      const after = await keys.getOrCreate("acme", id);
      expect(after.keyId).not.toBe(before.keyId);
    });
  });
}
