import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { events as eventsTable } from "../db/schema.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import { createDrizzleCustomerEventCounter, createScanningCustomerEventCounter } from "./customer-event-counter.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { personalDataIn, sampleMessage, sampleProfile, sampleRefund, sampleReply } from "./testing/sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

/**
 * The one EventStore contract case the decorator must not pass: adapters store personal fields as opaque text longer
 * than their plaintext limits (ciphertext), whereas the decorator receives plaintext and enforces those limits.
 */
export const ADAPTER_ONLY_CONTRACT_CASE = /^accepts personal fields as opaque text/;

/** The rows of `events` as text, straight from the database (what an attacker with a dump would see). */
export async function rawEventRows(database: Database): Promise<string> {
  const rows = await database.db
    .select({
      eventId: eventsTable.eventId,
      type: eventsTable.type,
      data: sql<string>`${eventsTable.data}::text`,
      metadata: sql<string>`${eventsTable.metadata}::text`,
    })
    .from(eventsTable);
  return JSON.stringify(rows);
}

/** Encrypting event store behaviour on a real database (PGlite or PostgreSQL). */
export function describeEncryptingStoreOnDatabase(name: string, database: () => Database): void {
  describe(`encrypting event store on ${name}`, () => {
    const setup = () => {
      const { db } = database();
      const keys = createDrizzleCustomerKeyStore(db, randomBytes(32));
      return {
        keys,
        store: createEncryptingEventStore(
          createDrizzleEventStore(db, () => new Date()),
          keys,
        ),
      };
    };

    it("never lets plaintext personal data reach the events table, and reads it back", async () => {
      const { store } = setup();
      const customer = `c-${randomUUID()}`;
      const stream = `conversation:acme:${randomUUID()}`;
      const events = [
        sampleProfile(customer),
        sampleMessage(customer, "conv-1"),
        sampleReply(customer, "conv-1"),
        ...sampleRefund(customer, "conv-1"),
      ];
      const appended = await store.append(stream, events, { expectedVersion: "no_stream" });
      expect(appended.ok).toBe(true);
      const raw = await rawEventRows(database());
      expect(raw).toContain(customer);
      expect(raw).toContain("enc:v1:");
      expect(personalDataIn(raw)).toEqual([]);
      const read = await streamEvents(store, stream);
      expect(read.map((event) => event.data)).toEqual(events.map((event) => event.data));
    });

    it("recognises a retried append as a duplicate with the original positions", async () => {
      const { store } = setup();
      const customer = `c-${randomUUID()}`;
      const stream = `conversation:acme:${randomUUID()}`;
      const events = [sampleMessage(customer, "conv-1"), sampleReply(customer, "conv-1")];
      const first = await store.append(stream, events, { expectedVersion: "no_stream" });
      const retry = await store.append(stream, events, { expectedVersion: 0 });
      expect(retry.ok && retry.value.duplicate).toBe(true);
      expect(retry.ok && retry.value.positions).toEqual(first.ok && first.value.positions);
      expect(await store.streamVersion(stream)).toBe(2);
    });

    it("counts a customer's events the same way in SQL and by scanning the log", async () => {
      const { db } = database();
      const inner = createDrizzleEventStore(db, () => new Date());
      const { store } = setup();
      const customer = `c-${randomUUID()}`;
      await store.append(`customer:acme:${customer}`, [sampleProfile(customer)], { expectedVersion: "no_stream" });
      await store.append(
        `conversation:acme:${randomUUID()}`,
        [sampleMessage(customer, "conv-1"), ...sampleRefund(customer, "conv-1")],
        { expectedVersion: "no_stream" },
      );
      const expected = { events: 4, eventsWithPersonalData: 3, personalFields: 5 };
      expect(await createDrizzleCustomerEventCounter(db)("acme", customer)).toEqual(expected);
      expect(await createScanningCustomerEventCounter(inner)("acme", customer)).toEqual(expected);
      expect(await createDrizzleCustomerEventCounter(db)("globex", customer)).toEqual({
        events: 0,
        eventsWithPersonalData: 0,
        personalFields: 0,
      });
    });

    it("reads the fields as erased after the key is destroyed, and the raw rows are unchanged", async () => {
      const { keys, store } = setup();
      const customer = `c-${randomUUID()}`;
      const stream = `conversation:acme:${randomUUID()}`;
      await store.append(stream, [sampleProfile(customer), sampleMessage(customer, "conv-1")], {
        expectedVersion: "no_stream",
      });
      const before = await rawEventRows(database());
      await keys.destroy("acme", customer);
      const [profile, message] = await streamEvents(store, stream);
      expect(profile?.data).toMatchObject({ name: null, email: null, phone: null, tier: "gold" });
      expect(message?.data.text).toBe(ERASED_TEXT);
      expect(await rawEventRows(database())).toBe(before);
    });
  });
}
