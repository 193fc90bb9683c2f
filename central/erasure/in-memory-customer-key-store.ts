import type { CustomerKey, CustomerKeyStore } from "./customer-key-store.js";
import { dataKeyId, newDataKey, unwrapDataKey, wrapDataKey } from "./key-wrapping.js";

/** An in-process {@link CustomerKeyStore} for tests and fakes; keys are kept wrapped, as in the database. */
export function createInMemoryCustomerKeyStore(masterKey: Buffer): CustomerKeyStore {
  const wrapped = new Map<string, string>();
  const slot = (tenantId: string, customerId: string) => JSON.stringify([tenantId, customerId]);

  const unwrap = (tenantId: string, customerId: string, value: string): CustomerKey => {
    const key = unwrapDataKey(masterKey, value, { tenantId, customerId });
    return { tenantId, customerId, key, keyId: dataKeyId(key) };
  };

  return {
    async getOrCreate(tenantId, customerId) {
      const id = slot(tenantId, customerId);
      let value = wrapped.get(id);
      if (value === undefined) {
        value = wrapDataKey(masterKey, newDataKey(), { tenantId, customerId });
        wrapped.set(id, value);
      }
      return unwrap(tenantId, customerId, value);
    },

    async get(tenantId, customerId) {
      const value = wrapped.get(slot(tenantId, customerId));
      return value === undefined ? null : unwrap(tenantId, customerId, value);
    },

    async getMany(owners) {
      return owners.map(({ tenantId, customerId }) => {
        const value = wrapped.get(slot(tenantId, customerId));
        return value === undefined ? null : unwrap(tenantId, customerId, value);
      });
    },

    async destroy(tenantId, customerId, options = {}) {
      const id = slot(tenantId, customerId);
      const value = wrapped.get(id);
      if (value === undefined) return { destroyed: false };
      if (options.keyId !== undefined && unwrap(tenantId, customerId, value).keyId !== options.keyId)
        return { destroyed: false };
      return { destroyed: wrapped.delete(id) };
    },
  };
}
