import type { Snapshot, SnapshotStore } from "./snapshot-store.js";

/** A {@link SnapshotStore} in a Map, for tests. */
export function createInMemorySnapshotStore(): SnapshotStore {
  const snapshots = new Map<string, Snapshot>();
  const slot = (stream: string, kind: string) => `${stream}\u0000${kind}`;
  return {
    async load(stream, kind) {
      const snapshot = snapshots.get(slot(stream, kind));
      return snapshot ? structuredClone(snapshot) : null;
    },
    async save(stream, kind, snapshot) {
      const current = snapshots.get(slot(stream, kind));
      if (!current || current.version < snapshot.version) snapshots.set(slot(stream, kind), structuredClone(snapshot));
    },
  };
}
