import { and, eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { customerKeys } from "../db/schema.js";
import type { Clock } from "../event-store/event-store.js";
import type { CustomerKey, CustomerKeyStore } from "./customer-key-store.js";
import { dataKeyId, newDataKey, unwrapDataKey, wrapDataKey } from "./key-wrapping.js";

/** The {@link CustomerKeyStore} on PGlite or PostgreSQL (`customer_keys`); destroying a key deletes its row. */
export function createDrizzleCustomerKeyStore(db: Db, masterKey: Buffer, clock: Clock = () => new Date()): CustomerKeyStore {
  const owner = (tenantId: string, customerId: string) => and(eq(customerKeys.tenantId, tenantId), eq(customerKeys.customerId, customerId));

  async function read(tenantId: string, customerId: string): Promise<CustomerKey | null> {
    const [row] = await db.select({ wrappedKey: customerKeys.wrappedKey }).from(customerKeys).where(owner(tenantId, customerId));
    if (!row) return null;
    const key = unwrapDataKey(masterKey, row.wrappedKey, { tenantId, customerId });
    return { tenantId, customerId, key, keyId: dataKeyId(key) };
  }

  return {
    async getOrCreate(tenantId, customerId) {
      const existing = await read(tenantId, customerId);
      if (existing) return existing;
      // Concurrent creators each insert a candidate; the primary key keeps the first and everyone reads that one.
      const wrappedKey = wrapDataKey(masterKey, newDataKey(), { tenantId, customerId });
      await db.insert(customerKeys).values({ tenantId, customerId, wrappedKey, createdAt: clock() }).onConflictDoNothing();
      const created = await read(tenantId, customerId);
      if (!created) throw new Error(`customer key of ${tenantId}/${customerId} vanished right after it was created (destroyed concurrently)`);
      return created;
    },

    get: read,

    async destroy(tenantId, customerId) {
      const deleted = await db.delete(customerKeys).where(owner(tenantId, customerId)).returning({ tenantId: customerKeys.tenantId });
      return { destroyed: deleted.length > 0 };
    },
  };
}
