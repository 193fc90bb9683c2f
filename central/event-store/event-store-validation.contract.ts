import { describe, expect, it } from "vitest";
import { catalogEvent } from "../../test/support/catalog-events.js";
import { contractEvent, contractStream } from "./event-store-contract-fixtures.js";
import type { EventStore } from "./event-store.js";

type MakeStore = () => EventStore | Promise<EventStore>;

/** Bad input refused as typed values, nothing partial written (part of the one EventStore contract). */
export function describeEventStoreValidationContract(store: MakeStore): void {
  describe("bad input", () => {
    async function expectNothingWritten(events: EventStore, stream: string, head: number): Promise<void> {
      expect(await events.streamVersion(stream)).toBe(0);
      expect(await events.headPosition()).toBe(head);
    }

    it("refuses an unknown event type, writing none of the batch", async () => {
      const events = await store();
      const stream = contractStream();
      const head = await events.headPosition();
      const unknown = contractEvent(2, { type: "order.teleported" });
      const result = await events.append(stream, [contractEvent(1), unknown, contractEvent(3)], {
        expectedVersion: "no_stream",
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: "unknown_event_type",
          stream,
          eventId: unknown.eventId,
          type: "order.teleported",
          message: expect.stringContaining("catalog"),
        },
      });
      await expectNothingWritten(events, stream, head);
    });

    it("refuses data that fails its type's schema, with the issues, writing none of the batch", async () => {
      const events = await store();
      const stream = contractStream();
      const head = await events.headPosition();
      const bad = contractEvent(2, {
        data: { customerId: "cust-1", conversationId: "conv-1", intent: "x", confidence: 7, outOfScope: false },
      });
      const result = await events.append(stream, [contractEvent(1), bad], { expectedVersion: "any" });
      expect(result.ok).toBe(false);
      if (result.ok || result.error.code !== "invalid_event_data")
        throw new Error(`expected invalid_event_data, got ${JSON.stringify(result)}`);
      expect(result.error).toMatchObject({ stream, eventId: bad.eventId, type: "intent.classified" });
      expect(result.error.issues.map((issue) => issue.path).sort()).toEqual(["data.confidence", "data.modelVersion"]);
      await expectNothingWritten(events, stream, head);
    });

    it("refuses metadata that fails the envelope schema as invalid_event_data", async () => {
      const events = await store();
      const stream = contractStream();
      const bad = contractEvent(1);
      bad.metadata = { ...bad.metadata, actor: { kind: "robot" as "system", id: "r2" } };
      const result = await events.append(stream, [bad], { expectedVersion: "any" });
      expect(result).toMatchObject({
        ok: false,
        error: { code: "invalid_event_data", issues: [{ path: "metadata.actor.kind" }] },
      });
    });

    it("refuses an event of another tenant than the stream's, writing none of the batch", async () => {
      const events = await store();
      const stream = contractStream();
      const head = await events.headPosition();
      const foreign = contractEvent(2);
      foreign.metadata = { ...foreign.metadata, tenantId: "globex" };
      const result = await events.append(stream, [contractEvent(1), foreign], { expectedVersion: "no_stream" });
      expect(result).toEqual({
        ok: false,
        error: {
          code: "tenant_mismatch",
          stream,
          eventId: foreign.eventId,
          streamTenantId: "acme",
          eventTenantId: "globex",
          message: expect.any(String),
        },
      });
      await expectNothingWritten(events, stream, head);
    });

    it("refuses unstorable text (NUL, lone surrogates) as invalid_event_data, writing nothing", async () => {
      const events = await store();
      const stream = contractStream();
      const head = await events.headPosition();
      const erased = catalogEvent("customer.erased", { customerId: "cust-1", requestedBy: "dpo", reason: "why\u0000" });
      const sourced = contractEvent(2);
      sourced.metadata = { ...sourced.metadata, sources: [{ kind: "channel", ref: "x\ud800" }] };
      const keyed = contractEvent(3, { data: { ...contractEvent().data, ["note\udc00"]: "n" } });
      for (const [bad, path] of [
        [erased, "data.reason"],
        [sourced, "metadata.sources.0.ref"],
        [keyed, "data.note\ufffd"],
      ] as const) {
        const result = await events.append(stream, [contractEvent(1), bad], { expectedVersion: "no_stream" });
        expect(result).toMatchObject({
          ok: false,
          error: { code: "invalid_event_data", eventId: bad.eventId, issues: [{ path, message: expect.any(String) }] },
        });
      }
      await expectNothingWritten(events, stream, head);
    });

    it("stores every other code point as sent, surrogate pairs and U+FFFD included", async () => {
      const events = await store();
      const stream = contractStream();
      const text = "\ud83d\ude00 \ufffd \ufffe\uffff \u0001\u001b \u2028 \udbff\udfff";
      const event = catalogEvent("customer.erased", { customerId: "cust-1", requestedBy: "dpo", reason: text });
      expect((await events.append(stream, [event], { expectedVersion: "no_stream" })).ok).toBe(true);
      const read = await events.readStream(stream);
      expect(read.ok && read.value[0]?.data.reason).toBe(text);
    });

    it("refuses a stream name that is not <kind>:<tenantId>:<id>", async () => {
      const events = await store();
      for (const stream of [
        "conv-1",
        "conversation:acme",
        "conversation:acme:conv:1",
        "Conversation:acme:c",
        "conversation::c",
      ]) {
        const result = await events.append(stream, [contractEvent()], { expectedVersion: "any" });
        expect(result).toMatchObject({ ok: false, error: { code: "invalid_stream_name", stream } });
      }
    });

    it("accepts personal fields as opaque text: encrypted, they may exceed their plaintext limits", async () => {
      const events = await store();
      const ciphertext = `enc:v1:${"A".repeat(400)}`;
      const profile = catalogEvent("customer.profile_updated", {
        customerId: "cust-1",
        name: ciphertext,
        email: ciphertext,
        phone: ciphertext,
        tier: "gold",
      });
      const result = await events.append(contractStream(), [profile], { expectedVersion: "no_stream" });
      expect(result.ok).toBe(true);
      const tooLongTier = catalogEvent("customer.profile_updated", { customerId: "cust-1", tier: "x".repeat(41) });
      expect(await events.append(contractStream(), [tooLongTier], { expectedVersion: "any" })).toMatchObject({
        ok: false,
        error: { code: "invalid_event_data", issues: [{ path: "data.tier" }] },
      });
    });
  });
}
