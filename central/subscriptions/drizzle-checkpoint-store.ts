import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { projectionCheckpoints } from "../db/schema.js";
import type { CheckpointStore } from "./checkpoint-store.js";

/** The database or a transaction: pass the transaction to move a checkpoint in the same commit as its effects. */
export type CheckpointExecutor = Pick<Db, "select" | "insert" | "update">;

/**
 * The {@link CheckpointStore} on `projection_checkpoints`. `advance` locks the row (or the key of a missing row), so
 * two instances applying the same batch serialise and the second finds the checkpoint moved.
 */
export function createDrizzleCheckpointStore(executor: CheckpointExecutor): CheckpointStore {
  return {
    async load(name) {
      const [row] = await executor
        .select({ position: projectionCheckpoints.position })
        .from(projectionCheckpoints)
        .where(eq(projectionCheckpoints.projection, name));
      return row?.position ?? 0;
    },

    async advance(name, expected, position) {
      const returning = { position: projectionCheckpoints.position };
      if (expected === 0) {
        const rows = await executor
          .insert(projectionCheckpoints)
          .values({ projection: name, position })
          .onConflictDoUpdate({
            target: projectionCheckpoints.projection,
            set: { position, updatedAt: sql`now()` },
            setWhere: eq(projectionCheckpoints.position, 0),
          })
          .returning(returning);
        return rows.length === 1;
      }
      const rows = await executor
        .update(projectionCheckpoints)
        .set({ position, updatedAt: sql`now()` })
        .where(and(eq(projectionCheckpoints.projection, name), eq(projectionCheckpoints.position, expected)))
        .returning(returning);
      return rows.length === 1;
    },

    async reset(name, position) {
      await executor
        .insert(projectionCheckpoints)
        .values({ projection: name, position })
        .onConflictDoUpdate({ target: projectionCheckpoints.projection, set: { position, updatedAt: sql`now()` } });
    },
  };
}
