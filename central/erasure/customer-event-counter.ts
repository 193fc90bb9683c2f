import { and, ne, sql } from "drizzle-orm";
import type { ErasureReport } from "../../shared/admin-api.js";
import type { Db } from "../db/database.js";
import { events } from "../db/schema.js";
import type { EventStore } from "../event-store/event-store.js";
import { ENCRYPTED_FIELD_PREFIX, isEncryptedField } from "./field-cipher.js";

/** What the log holds about one customer (every event naming it, `customer.erased` excluded). */
export type CustomerEventCounts = ErasureReport["counts"];

/** Counts a customer's events for the erasure report; reads stored (encrypted) values, never plaintext. */
export type CustomerEventCounter = (tenantId: string, customerId: string) => Promise<CustomerEventCounts>;

/** A {@link CustomerEventCounter} as one SQL scan of `events` (PGlite or PostgreSQL). */
export function createDrizzleCustomerEventCounter(db: Db): CustomerEventCounter {
  const encrypted = sql`(select count(*) from jsonb_each(${events.data}) as field
    where jsonb_typeof(field.value) = 'string' and starts_with(field.value #>> '{}', ${ENCRYPTED_FIELD_PREFIX}))`;
  return async (tenantId, customerId) => {
    const [row] = await db
      .select({
        events: sql<number>`count(*)::int`,
        eventsWithPersonalData: sql<number>`(count(*) filter (where ${encrypted} > 0))::int`,
        personalFields: sql<number>`coalesce(sum(${encrypted}), 0)::int`,
      })
      .from(events)
      .where(
        and(
          sql`${events.metadata} ->> 'tenantId' = ${tenantId}`,
          sql`${events.data} ->> 'customerId' = ${customerId}`,
          ne(events.type, "customer.erased"),
        ),
      );
    return {
      events: Number(row?.events ?? 0),
      eventsWithPersonalData: Number(row?.eventsWithPersonalData ?? 0),
      personalFields: Number(row?.personalFields ?? 0),
    };
  };
}

/** A {@link CustomerEventCounter} paging through `readAll` of the UNDECORATED store (any adapter; in-memory, tests). */
export function createScanningCustomerEventCounter(
  inner: Pick<EventStore, "readAll">,
  pageSize = 1000,
): CustomerEventCounter {
  return async (tenantId, customerId) => {
    const counts = { events: 0, eventsWithPersonalData: 0, personalFields: 0 };
    for (let after = 0; ;) {
      const page = await inner.readAll({ after, limit: pageSize });
      const last = page.at(-1);
      if (!last) return counts;
      for (const event of page) {
        if (
          event.metadata.tenantId !== tenantId ||
          event.data.customerId !== customerId ||
          event.type === "customer.erased"
        )
          continue;
        const fields = Object.values(event.data).filter(isEncryptedField).length;
        counts.events += 1;
        counts.eventsWithPersonalData += fields > 0 ? 1 : 0;
        counts.personalFields += fields;
      }
      after = last.globalPosition;
    }
  };
}
