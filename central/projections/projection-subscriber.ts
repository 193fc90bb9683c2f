import type { Subscriber } from "../subscriptions/subscription.js";
import { foldEvents, keyString, type KeyedProjection, type ProjectionKey } from "./keyed-projection.js";
import type { ProjectionStorage, StoredRow } from "./projection-storage.js";

/** Options of {@link createProjectionSubscriber}. */
export interface ProjectionSubscriberOptions {
  /** Told, after the commit, which rows a batch changed (e.g. to wake the summary publisher). */
  onCommitted?(rows: StoredRow[]): void;
}

/**
 * Drives a projection from the log: each batch is folded into the rows it touches and saved with the checkpoint in
 * ONE transaction, so every event takes effect exactly once even if a process dies or two instances race.
 */
export function createProjectionSubscriber<S extends Record<string, unknown>>(
  projection: KeyedProjection<S>,
  storage: ProjectionStorage,
  options: ProjectionSubscriberOptions = {},
): Subscriber {
  const name = projection.name;
  return {
    name,
    position: () => storage.checkpoints.load(name),
    async apply(events, from) {
      const last = events.at(-1);
      if (!last) return "applied";
      const committed = await storage.transaction(async (scope) => {
        // Moving the checkpoint first locks it: a concurrent applier of the same batch waits, then finds it moved.
        if (!(await scope.checkpoints.advance(name, from, last.globalPosition))) return null;
        const keys = new Map<string, ProjectionKey>();
        for (const event of events) for (const key of projection.keysOf(event)) keys.set(keyString(key), key);
        const table = scope.table(name);
        const stored = await table.load([...keys.values()]);
        const current = new Map([...stored].map(([slot, state]) => [slot, projection.schema.parse(state)]));
        const rows = [...foldEvents(projection, events, current).values()].map(({ key, state }): StoredRow => ({
          key,
          version: projection.versionOf(state),
          state,
        }));
        await table.save(rows);
        return rows;
      });
      if (!committed) return "moved";
      if (committed.length > 0) options.onCommitted?.(committed);
      return "applied";
    },
  };
}
