import { describe, expect, it } from "vitest";
import { err } from "../../../shared/result.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import type { PolicySnapshotPublisher } from "../publish/policy-snapshot-publisher.js";
import { describePolicyStoreContract } from "./policy-store.contract.js";
import { createPolicyStore } from "./policy-store.js";
import { testPolicy } from "../testing/policy-documents.js";

const shared = createInMemoryEventStore();
describePolicyStoreContract("the in-memory event store", () => shared);

describe("policy store publishing", () => {
  const meta = { tenantId: "acme", by: "ops", correlationId: "corr-1" };

  it("records the activation even when the edge cache is down, says so, and republishes later", async () => {
    let down = true;
    const stored: unknown[] = [];
    const publisher: PolicySnapshotPublisher = {
      publish: async (entry) =>
        down
          ? err({ code: "cache_unavailable", message: "connection refused" })
          : (stored.push(entry), { ok: true, value: { stored: true } }),
      read: async () => ({ ok: true, value: null }),
    };
    const store = createPolicyStore({
      eventStore: createInMemoryEventStore(),
      clock: () => new Date("2026-11-24T02:00:00.000Z"),
      publisher,
    });
    await store.push(meta, testPolicy("acme", 1));
    expect(await store.activate(meta, 1)).toMatchObject({
      ok: true,
      value: { changed: true, published: { ok: false, message: "connection refused" } },
    });
    expect((await store.activePolicy("acme"))?.version).toBe(1);
    down = false;
    expect(await store.republish("acme")).toEqual({ ok: true, stored: true });
    expect(stored).toMatchObject([{ version: 2, snapshot: { tenantId: "acme", version: 1 } }]);
    expect(await store.republish("nobody")).toBeNull();
  });

  it("runs the dry-run on push when asked and records its summary on policy.pushed", async () => {
    const eventStore = createInMemoryEventStore();
    const store = createPolicyStore({
      eventStore,
      clock: () => new Date(),
      dryRun: async (_tenantId, candidate, limit) => ({
        examined: limit,
        changed: candidate.version,
        differences: [{ any: "difference" }],
      }),
    });
    const pushed = await store.push(meta, testPolicy("acme", 2), { dryRunLimit: 50 });
    expect(pushed).toEqual({
      ok: true,
      value: {
        version: 2,
        alreadyPushed: false,
        dryRun: { examined: 50, changed: 2, differences: [{ any: "difference" }] },
      },
    });
    const read = await eventStore.readStream("policy:acme:policies");
    expect(read.ok && read.value[0]?.data.dryRun).toEqual({ sampled: 50, changed: 2 });
  });
});
