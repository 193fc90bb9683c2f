import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { EventStore } from "../../event-store/event-store.js";
import { readStreamOrEmpty } from "../../event-store/read-stream-events.js";
import { createInMemoryPolicySnapshotPublisher } from "../publish/in-memory-policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyCommandMeta } from "./policy-store.js";
import { policyStreamName } from "./policy-state.js";
import { testPolicy } from "../testing/policy-documents.js";

const clock = () => new Date("2026-11-24T02:00:00.000Z");

/** The behaviour of the policy store on any event store (in memory, PGlite, PostgreSQL). */
export function describePolicyStoreContract(name: string, eventStore: () => EventStore): void {
  describe(`policy store on ${name}`, () => {
    const tenant = () => `t-${randomUUID().slice(0, 8)}`;
    const meta = (tenantId: string, by = "ops"): PolicyCommandMeta => ({
      tenantId,
      by,
      correlationId: `corr-${randomUUID().slice(0, 8)}`,
    });

    it("has no active policy for a new tenant", async () => {
      expect(await createPolicyStore({ eventStore: eventStore(), clock }).activePolicy(tenant())).toBeNull();
    });

    it("pushes, activates and publishes a version: every change is an event in the tenant's stream", async () => {
      const tenantId = tenant();
      const publisher = createInMemoryPolicySnapshotPublisher();
      const store = createPolicyStore({ eventStore: eventStore(), clock, publisher });
      expect(await store.push(meta(tenantId), testPolicy(tenantId, 1))).toEqual({
        ok: true,
        value: { version: 1, alreadyPushed: false, dryRun: null },
      });
      expect(await store.activePolicy(tenantId)).toBeNull();
      const activated = await store.activate(meta(tenantId), 1, "first");
      expect(activated).toMatchObject({
        ok: true,
        value: {
          activeVersion: 1,
          previousVersion: null,
          changed: true,
          sequence: 2,
          published: { ok: true, stored: true },
        },
      });
      expect((await store.activePolicy(tenantId))?.version).toBe(1);
      const cached = await publisher.read(tenantId);
      expect(cached.ok && cached.value).toMatchObject({
        version: 2,
        snapshot: { tenantId, version: 1, routing: { answers: { greeting: "Hello from policy v1" } } },
      });
      const events = await readStreamOrEmpty(eventStore(), policyStreamName(tenantId));
      expect(events.map((event) => [event.type, event.metadata.actor, event.metadata.policyVersion])).toEqual([
        ["policy.pushed", { kind: "admin", id: "ops" }, "1"],
        ["policy.activated", { kind: "admin", id: "ops" }, "1"],
      ]);
    });

    it("refuses an invalid document listing every problem, and records nothing", async () => {
      const tenantId = tenant();
      const store = createPolicyStore({ eventStore: eventStore(), clock });
      const pushed = await store.push(meta(tenantId), {
        ...testPolicy(tenantId, 1),
        version: 0,
        currency: "euro",
        actions: { teleport: { approval: "automatic" } },
      });
      expect(pushed.ok).toBe(false);
      if (!pushed.ok && pushed.error.code === "invalid_policy") {
        expect(pushed.error.problems.map((problem) => problem.path)).toEqual(
          expect.arrayContaining(["version", "currency", "actions.teleport"]),
        );
      } else {
        expect.unreachable("expected invalid_policy");
      }
      expect(await eventStore().streamVersion(policyStreamName(tenantId))).toBe(0);
    });

    it("keeps versions immutable: the same document again is a no-op, another at that version is refused", async () => {
      const tenantId = tenant();
      const store = createPolicyStore({ eventStore: eventStore(), clock });
      await store.push(meta(tenantId), testPolicy(tenantId, 1));
      expect(await store.push(meta(tenantId), testPolicy(tenantId, 1))).toMatchObject({
        ok: true,
        value: { alreadyPushed: true },
      });
      expect(await store.push(meta(tenantId), testPolicy(tenantId, 1, { description: "changed" }))).toMatchObject({
        ok: false,
        error: { code: "policy_version_exists" },
      });
      expect(await eventStore().streamVersion(policyStreamName(tenantId))).toBe(1);
    });

    it("rolls back to the previously active version and republishes it; a retried rollback does nothing", async () => {
      const tenantId = tenant();
      const publisher = createInMemoryPolicySnapshotPublisher();
      const store = createPolicyStore({ eventStore: eventStore(), clock, publisher });
      for (const version of [1, 2]) {
        await store.push(meta(tenantId), testPolicy(tenantId, version));
        await store.activate(meta(tenantId), version);
      }
      const rolledBack = await store.rollback(meta(tenantId), { fromVersion: 2, reason: "v2 refunds too much" });
      expect(rolledBack).toMatchObject({
        ok: true,
        value: {
          activeVersion: 1,
          previousVersion: 2,
          changed: true,
          sequence: 5,
          published: { ok: true, stored: true },
        },
      });
      expect(await store.rollback(meta(tenantId), { fromVersion: 2 })).toMatchObject({
        ok: true,
        value: { activeVersion: 1, changed: false },
      });
      expect((await store.activePolicy(tenantId))?.version).toBe(1);
      const cached = await publisher.read(tenantId);
      expect(cached.ok && cached.value).toMatchObject({ version: 5, snapshot: { version: 1 } });
      expect(await eventStore().streamVersion(policyStreamName(tenantId))).toBe(5);
    });

    it("sees changes made by another instance (its own cache is caught up from the stream)", async () => {
      const tenantId = tenant();
      const a = createPolicyStore({ eventStore: eventStore(), clock });
      const b = createPolicyStore({ eventStore: eventStore(), clock });
      await a.push(meta(tenantId), testPolicy(tenantId, 1));
      await a.activate(meta(tenantId), 1);
      expect((await b.activePolicy(tenantId))?.version).toBe(1);
      await b.push(meta(tenantId), testPolicy(tenantId, 2));
      await b.activate(meta(tenantId), 2);
      expect((await a.activePolicy(tenantId))?.version).toBe(2);
    });

    it("serialises concurrent activations from many instances: each recorded once, the stack consistent", async () => {
      const tenantId = tenant();
      const setup = createPolicyStore({ eventStore: eventStore(), clock });
      for (const version of [1, 2, 3, 4]) await setup.push(meta(tenantId), testPolicy(tenantId, version));
      const instances = [1, 2, 3, 4].map(() => createPolicyStore({ eventStore: eventStore(), clock, maxAttempts: 10 }));
      const results = await Promise.all(instances.map((store, index) => store.activate(meta(tenantId), index + 1)));
      expect(results.every((result) => result.ok)).toBe(true);
      const state = await setup.state(tenantId);
      expect(state.streamVersion).toBe(8);
      expect(state.stack.map((activation) => activation.version).sort()).toEqual([1, 2, 3, 4]);
      expect((await setup.activePolicy(tenantId))?.version).toBe(state.stack.at(-1)?.version);
    });
  });
}
