import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { createInMemoryCustomerKeyStore } from "./in-memory-customer-key-store.js";
import { ERASED_TEXT } from "./personal-fields.js";
import {
  personalDataIn,
  SAMPLE_PERSONAL,
  sampleEvent,
  sampleMessage,
  sampleProfile,
  sampleRefund,
} from "./testing/sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

function setup() {
  const inner = createInMemoryEventStore(() => new Date("2026-11-23T10:00:00.000Z"));
  const keys = createInMemoryCustomerKeyStore(randomBytes(32));
  return { inner, keys, store: createEncryptingEventStore(inner, keys) };
}

describe("encrypting event store over the in-memory store", () => {
  it("hands the inner store only ciphertext for personal fields and reads them back decrypted", async () => {
    const { inner, store } = setup();
    const events = [sampleProfile("c-1"), sampleMessage("c-1", "conv-1"), ...sampleRefund("c-1", "conv-1")];
    await store.append("conversation:acme:conv-1", events, { expectedVersion: "no_stream" });
    const raw = await streamEvents(inner, "conversation:acme:conv-1");
    expect(personalDataIn(JSON.stringify(raw))).toEqual([]);
    expect(raw[0]?.data).toMatchObject({ customerId: "c-1", tier: "gold", email: expect.stringMatching(/^enc:v1:/) });
    expect(raw[3]?.data).toMatchObject({ amountMinor: 1250, currency: "EUR", approvedBy: "admin-1" });
    const read = await streamEvents(store, "conversation:acme:conv-1");
    expect(read.map((event) => event.data)).toEqual(events.map((event) => event.data));
    expect(read.map((event) => event.metadata)).toEqual(events.map((event) => event.metadata));
  });

  it("recognises a retried append as a duplicate although ciphertexts differ", async () => {
    const { inner, store } = setup();
    const events = [sampleProfile("c-1"), sampleMessage("c-1", "conv-1")];
    const first = await store.append("customer:acme:c-1", events, { expectedVersion: "no_stream" });
    const retry = await store.append("customer:acme:c-1", events, { expectedVersion: "no_stream" });
    expect(retry).toEqual({ ok: true, value: { ...(first.ok ? first.value : {}), duplicate: true } });
    expect(await streamEvents(inner, "customer:acme:c-1")).toHaveLength(2);
  });

  it("reads personal fields as erased once the customer's key is destroyed, keeping everything else", async () => {
    const { keys, store } = setup();
    const events = [
      sampleProfile("c-1"),
      sampleMessage("c-1", "conv-1"),
      ...sampleRefund("c-1", "conv-1"),
      sampleMessage("c-2", "conv-1"),
    ];
    await store.append("conversation:acme:conv-1", events, { expectedVersion: "no_stream" });
    await keys.destroy("acme", "c-1");
    const [profile, message, proposed, approved, other] = await streamEvents(store, "conversation:acme:conv-1");
    expect(profile?.data).toEqual({ customerId: "c-1", name: null, email: null, phone: null, tier: "gold" });
    expect(message?.data).toMatchObject({ text: ERASED_TEXT, customerId: "c-1", channel: "web" });
    expect(proposed?.data).toMatchObject({ reason: ERASED_TEXT, amountMinor: 1250, type: "refund" });
    expect(approved?.data).toEqual(events[3]?.data);
    expect(other?.data).toMatchObject({ customerId: "c-2", text: SAMPLE_PERSONAL.message });
  });

  it("keeps earlier fields erased when an erased customer comes back with a new key", async () => {
    const { keys, store } = setup();
    await store.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], { expectedVersion: "no_stream" });
    await keys.destroy("acme", "c-1");
    await store.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], { expectedVersion: 1 });
    const read = await streamEvents(store, "conversation:acme:conv-1");
    expect(read.map((event) => event.data.text)).toEqual([ERASED_TEXT, SAMPLE_PERSONAL.message]);
  });

  it("creates no key for events without personal values, and leaves other types untouched", async () => {
    const { inner, keys, store } = setup();
    const [, approved] = sampleRefund("c-9", "conv-9");
    const blank = sampleEvent("customer.profile_updated", { customerId: "c-9", tier: "silver", name: null });
    await store.append("customer:acme:c-9", [approved!, blank], { expectedVersion: "any" });
    expect(await keys.get("acme", "c-9")).toBeNull();
    expect((await streamEvents(inner, "customer:acme:c-9")).map((event) => event.data)).toEqual([
      approved!.data,
      blank.data,
    ]);
  });

  it("checks personal fields against plaintext rules before encrypting, writing nothing, creating no key", async () => {
    const { inner, keys, store } = setup();
    const long = sampleEvent("customer.profile_updated", {
      customerId: "c-1",
      name: "x".repeat(201),
      phone: "+1".repeat(30),
    });
    const result = await store.append("customer:acme:c-1", [sampleMessage("c-1", "conv-1"), long], {
      expectedVersion: "no_stream",
    });
    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== "invalid_event_data")
      throw new Error(`expected invalid_event_data, got ${JSON.stringify(result)}`);
    expect(result.error).toMatchObject({
      stream: "customer:acme:c-1",
      eventId: long.eventId,
      type: "customer.profile_updated",
    });
    expect(result.error.issues.map((issue) => issue.path).sort()).toEqual(["data.name", "data.phone"]);
    expect(await inner.headPosition()).toBe(0);
    expect(await keys.get("acme", "c-1")).toBeNull();
  });

  it("refuses what the store refuses with the store's typed values, before asking for a key", async () => {
    const { keys, store } = setup();
    const orphan = { ...sampleMessage("c-1", "conv-1"), data: { text: "who am I" } };
    expect(await store.append("customer:acme:c-1", [orphan], { expectedVersion: "any" })).toMatchObject({
      ok: false,
      error: { code: "invalid_event_data" },
    });
    expect(
      await store.append("customer:globex:c-1", [sampleMessage("c-1", "conv-1")], { expectedVersion: "any" }),
    ).toMatchObject({
      ok: false,
      error: { code: "tenant_mismatch" },
    });
    expect(
      await store.append("not-a-stream", [sampleMessage("c-1", "conv-1")], { expectedVersion: "any" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_stream_name" },
    });
    expect(await keys.get("acme", "c-1")).toBeNull();
  });

  it("decrypts what readAll and readEvent return too", async () => {
    const { keys, store } = setup();
    const message = sampleMessage("c-1", "conv-1");
    await store.append("conversation:acme:conv-1", [sampleProfile("c-1"), message], { expectedVersion: "no_stream" });
    expect((await store.readAll()).map((event) => event.data.text ?? event.data.email)).toEqual([
      SAMPLE_PERSONAL.email,
      SAMPLE_PERSONAL.message,
    ]);
    expect((await store.readEvent(message.eventId.toUpperCase()))?.data.text).toBe(SAMPLE_PERSONAL.message);
    await keys.destroy("acme", "c-1");
    expect((await store.readAll({ after: 1 }))[0]?.data.text).toBe(ERASED_TEXT);
    expect((await store.readEvent(message.eventId))?.data.text).toBe(ERASED_TEXT);
    expect(await store.readEvent("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
