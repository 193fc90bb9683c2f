import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { snapshots } from "../db/schema.js";
import type { SnapshotStore } from "./snapshot-store.js";

/** The {@link SnapshotStore} on the `snapshots` table (one row per stream and kind, replaced by newer versions). */
export function createDrizzleSnapshotStore(db: Db): SnapshotStore {
  return {
    async load(stream, kind) {
      const [row] = await db
        .select({ version: snapshots.version, state: snapshots.state })
        .from(snapshots)
        .where(and(eq(snapshots.streamId, stream), eq(snapshots.kind, kind)));
      return row ?? null;
    },
    async save(stream, kind, snapshot) {
      await db
        .insert(snapshots)
        .values({ streamId: stream, kind, version: snapshot.version, state: snapshot.state })
        .onConflictDoUpdate({
          target: [snapshots.streamId, snapshots.kind],
          set: { version: snapshot.version, state: snapshot.state, createdAt: sql`now()` },
          setWhere: lt(snapshots.version, snapshot.version),
        });
    },
  };
}
