import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { customerKeys } from "../db/schema.js";
import type { Clock } from "../clock.js";
import type { CustomerKey, CustomerKeyStore, CustomerRef } from "./customer-key-store.js";
import { dataKeyId, newDataKey, unwrapDataKey, wrapDataKey } from "./key-wrapping.js";

const slotOf = (owner: CustomerRef) => JSON.stringify([owner.tenantId, owner.customerId]);

/** How many unwrapped keys one store keeps to skip re-unwrapping (a key is only used while its row still exists). */
const UNWRAPPED_CACHE_SIZE = 10_000;

/** The {@link CustomerKeyStore} on PGlite or PostgreSQL (`customer_keys`); destroying a key deletes its row. */
export function createDrizzleCustomerKeyStore(
  db: Db,
  masterKey: Buffer,
  clock: Clock = () => new Date(),
): CustomerKeyStore {
  const owner = (tenantId: string, customerId: string) =>
    and(eq(customerKeys.tenantId, tenantId), eq(customerKeys.customerId, customerId));

  // Every lookup still reads the row, so a key destroyed by any process is never used; this only saves the unwrap.
  const unwrapped = new Map<string, { wrappedKey: string; key: CustomerKey }>();
  function open(tenantId: string, customerId: string, wrappedKey: string): CustomerKey {
    const slot = slotOf({ tenantId, customerId });
    const hit = unwrapped.get(slot);
    if (hit?.wrappedKey === wrappedKey) return hit.key;
    const key = unwrapDataKey(masterKey, wrappedKey, { tenantId, customerId });
    const opened = { tenantId, customerId, key, keyId: dataKeyId(key) };
    unwrapped.delete(slot);
    unwrapped.set(slot, { wrappedKey, key: opened });
    if (unwrapped.size > UNWRAPPED_CACHE_SIZE) unwrapped.delete(unwrapped.keys().next().value ?? slot);
    return opened;
  }

  async function read(tenantId: string, customerId: string): Promise<CustomerKey | null> {
    const [row] = await db
      .select({ wrappedKey: customerKeys.wrappedKey })
      .from(customerKeys)
      .where(owner(tenantId, customerId));
    return row ? open(tenantId, customerId, row.wrappedKey) : null;
  }

  async function readMany(owners: readonly CustomerRef[]): Promise<Map<string, CustomerKey>> {
    const found = new Map<string, CustomerKey>();
    if (owners.length === 0) return found;
    // One parameter whatever the count: long IN lists of row values silently return nothing on PGlite 0.5.
    const wanted = JSON.stringify(owners.map(({ tenantId, customerId }) => ({ t: tenantId, c: customerId })));
    const rows = await db
      .select({
        tenantId: customerKeys.tenantId,
        customerId: customerKeys.customerId,
        wrappedKey: customerKeys.wrappedKey,
      })
      .from(customerKeys)
      .innerJoin(
        sql`jsonb_to_recordset(${wanted}::jsonb) as wanted(t text, c text)`,
        sql`${customerKeys.tenantId} = wanted.t and ${customerKeys.customerId} = wanted.c`,
      );
    for (const { tenantId, customerId, wrappedKey } of rows)
      found.set(slotOf({ tenantId, customerId }), open(tenantId, customerId, wrappedKey));
    return found;
  }

  return {
    async getMany(owners) {
      const unique = [...new Map(owners.map((owner) => [slotOf(owner), owner])).values()];
      const found = await readMany(unique);
      return owners.map((owner) => found.get(slotOf(owner)) ?? null);
    },

    async getOrCreate(tenantId, customerId) {
      const existing = await read(tenantId, customerId);
      if (existing) return existing;
      // Concurrent creators each insert a candidate; the primary key keeps the first and everyone reads that one.
      const wrappedKey = wrapDataKey(masterKey, newDataKey(), { tenantId, customerId });
      await db
        .insert(customerKeys)
        .values({ tenantId, customerId, wrappedKey, createdAt: clock() })
        .onConflictDoNothing();
      const created = await read(tenantId, customerId);
      if (!created)
        throw new Error(
          `customer key of ${tenantId}/${customerId} vanished right after it was created (destroyed concurrently)`,
        );
      return created;
    },

    get: read,

    async destroy(tenantId, customerId, options = {}) {
      let where = owner(tenantId, customerId);
      if (options.keyId !== undefined) {
        // Compare and delete: only the row read here, and only if it holds the key with that id.
        const [row] = await db.select({ wrappedKey: customerKeys.wrappedKey }).from(customerKeys).where(where);
        if (!row || open(tenantId, customerId, row.wrappedKey).keyId !== options.keyId) return { destroyed: false };
        where = and(where, eq(customerKeys.wrappedKey, row.wrappedKey));
      }
      unwrapped.delete(slotOf({ tenantId, customerId }));
      const deleted = await db.delete(customerKeys).where(where).returning({ tenantId: customerKeys.tenantId });
      return { destroyed: deleted.length > 0 };
    },
  };
}
