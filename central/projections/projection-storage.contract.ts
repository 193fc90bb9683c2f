import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import type { ProjectionStorage } from "./projection-storage.js";

/**
 * Storage behaviour projections rely on, for every adapter: checkpoints, tables, transactions, snapshots. Run it first:
 * it ends by clearing the projection tables.
 */
export function describeProjectionStorageContract(
  name: string,
  setup: () => { storage: ProjectionStorage; snapshots: SnapshotStore },
): void {
  describe(`projection storage contract: ${name}`, () => {
    const checkpointName = () => `test-${randomUUID()}`;

    // Projection tests that follow compare whole tables: leave them as found (empty).
    afterAll(async () => {
      const { storage } = setup();
      await storage.table("customer-summary").clear();
      await storage.table("conversation-state").clear();
    });
    const row = (tenantId: string, id: string, version: number) => ({
      key: { tenantId, id },
      version,
      state: { id, version, nested: { ok: true } },
    });

    it("starts checkpoints at 0, advances them only from the expected position and resets them", async () => {
      const { checkpoints } = setup().storage;
      const name = checkpointName();
      expect(await checkpoints.load(name)).toBe(0);
      expect(await checkpoints.advance(name, 3, 9)).toBe(false);
      expect(await checkpoints.advance(name, 0, 5)).toBe(true);
      expect(await checkpoints.advance(name, 0, 7)).toBe(false);
      expect(await checkpoints.advance(name, 5, 8)).toBe(true);
      expect(await checkpoints.load(name)).toBe(8);
      await checkpoints.reset(name, 2);
      expect(await checkpoints.load(name)).toBe(2);
    });

    it("saves, replaces and loads rows by key", async () => {
      const table = setup().storage.table("conversation-state");
      const tenant = `t-${randomUUID()}`;
      await table.save([row(tenant, "a", 1), row(tenant, "b", 2)]);
      await table.save([row(tenant, "a", 3)]);
      const loaded = await table.load([
        { tenantId: tenant, id: "a" },
        { tenantId: tenant, id: "b" },
        { tenantId: tenant, id: "missing" },
      ]);
      expect([...loaded.values()]).toEqual([row(tenant, "a", 3).state, row(tenant, "b", 2).state]);
      expect((await table.list()).filter((stored) => stored.key.tenantId === tenant)).toEqual([
        row(tenant, "a", 3),
        row(tenant, "b", 2),
      ]);
    });

    it("lists rows changed since a version, ascending by version, a page at a time", async () => {
      const table = setup().storage.table("customer-summary");
      const tenant = `t-${randomUUID()}`;
      const base = 1_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
      await table.save([row(tenant, "x", base + 3), row(tenant, "y", base + 1), row(tenant, "z", base + 2)]);
      const page = await table.changedSince(base + 1, 2);
      expect(page.map((stored) => [stored.key.id, stored.version])).toEqual([
        ["z", base + 2],
        ["x", base + 3],
      ]);
    });

    it("commits a transaction's checkpoint and rows together, or nothing when its work fails", async () => {
      const { storage } = setup();
      const name = checkpointName();
      const tenant = `t-${randomUUID()}`;
      await expect(
        storage.transaction(async (scope) => {
          await scope.checkpoints.advance(name, 0, 10);
          await scope.table("conversation-state").save([row(tenant, "a", 10)]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await storage.checkpoints.load(name)).toBe(0);
      expect(await storage.table("conversation-state").load([{ tenantId: tenant, id: "a" }])).toEqual(new Map());

      await storage.transaction(async (scope) => {
        await scope.checkpoints.advance(name, 0, 10);
        await scope.table("conversation-state").save([row(tenant, "a", 10)]);
      });
      expect(await storage.checkpoints.load(name)).toBe(10);
      expect((await storage.table("conversation-state").load([{ tenantId: tenant, id: "a" }])).size).toBe(1);
    });

    it("keeps the newest snapshot per stream and kind", async () => {
      const { snapshots } = setup();
      const stream = `conversation:acme:${randomUUID()}`;
      expect(await snapshots.load(stream, "k@1")).toBeNull();
      await snapshots.save(stream, "k@1", { version: 200, state: { n: 200 } });
      await snapshots.save(stream, "k@1", { version: 100, state: { n: 100 } });
      await snapshots.save(stream, "k@2", { version: 50, state: { n: 50 } });
      expect(await snapshots.load(stream, "k@1")).toEqual({ version: 200, state: { n: 200 } });
      await snapshots.save(stream, "k@1", { version: 300, state: { n: 300 } });
      expect(await snapshots.load(stream, "k@1")).toEqual({ version: 300, state: { n: 300 } });
      expect(await snapshots.load(stream, "k@2")).toEqual({ version: 50, state: { n: 50 } });
    });
  });
}
