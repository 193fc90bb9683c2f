/** A stream's folded state at a stream version. */
export interface Snapshot {
  /** Stream version of the last event folded in. */
  version: number;
  state: Record<string, unknown>;
}

/** Latest snapshot per stream and fold kind (e.g. `conversation-state@1`); snapshots are a cache, never the truth. */
export interface SnapshotStore {
  /** The stream's snapshot of this kind, or null. */
  load(stream: string, kind: string): Promise<Snapshot | null>;
  /** Stores the snapshot unless one at the same or a later version is already there. */
  save(stream: string, kind: string, snapshot: Snapshot): Promise<void>;
}
