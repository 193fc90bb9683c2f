import type { CheckpointStore } from "../subscriptions/checkpoint-store.js";
import type { ProjectionKey, ProjectionName } from "./keyed-projection.js";

/** A stored projection row: its key, version (global position of its last event) and state as JSON. */
export interface StoredRow {
  key: ProjectionKey;
  version: number;
  state: Record<string, unknown>;
}

/** One projection's table of rows keyed by tenant and id. */
export interface ProjectionTable {
  /** The stored states of these keys (absent keys are missing from the map), keyed by `keyString`. */
  load(keys: ProjectionKey[]): Promise<Map<string, Record<string, unknown>>>;
  /** Inserts or replaces rows. */
  save(rows: StoredRow[]): Promise<void>;
  /** Removes every row (rebuilds). */
  clear(): Promise<void>;
  /** Every row, ordered by tenant then id. */
  list(): Promise<StoredRow[]>;
  /** Rows whose version is greater than `version`, ascending by version: a change feed (the cache publisher). */
  changedSince(version: number, limit: number): Promise<StoredRow[]>;
}

/** Checkpoints and projection tables bound to one transaction. */
export interface ProjectionScope {
  checkpoints: CheckpointStore;
  table(name: ProjectionName): ProjectionTable;
}

/** Where projections live: outside a transaction, or inside one where everything commits together or not at all. */
export interface ProjectionStorage extends ProjectionScope {
  transaction<T>(work: (scope: ProjectionScope) => Promise<T>): Promise<T>;
}
