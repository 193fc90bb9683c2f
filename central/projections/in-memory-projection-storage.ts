import { createInMemoryCheckpointStore } from "../subscriptions/in-memory-checkpoint-store.js";
import { keyString, type ProjectionName } from "./keyed-projection.js";
import type { ProjectionScope, ProjectionStorage, ProjectionTable, StoredRow } from "./projection-storage.js";

type Tables = Map<ProjectionName, Map<string, StoredRow>>;

function scopeOver(tables: Tables, checkpoints: Map<string, number>): ProjectionScope {
  const rowsOf = (name: ProjectionName) => {
    let rows = tables.get(name);
    if (!rows) tables.set(name, (rows = new Map()));
    return rows;
  };
  const table = (name: ProjectionName): ProjectionTable => ({
    async load(keys) {
      const rows = rowsOf(name);
      const found = new Map<string, Record<string, unknown>>();
      for (const key of keys) {
        const row = rows.get(keyString(key));
        if (row) found.set(keyString(key), structuredClone(row.state));
      }
      return found;
    },
    async save(saved) {
      for (const row of saved) rowsOf(name).set(keyString(row.key), structuredClone(row));
    },
    async clear() {
      rowsOf(name).clear();
    },
    async list() {
      return [...rowsOf(name).values()]
        .sort((a, b) =>
          a.key.tenantId === b.key.tenantId ? (a.key.id < b.key.id ? -1 : 1) : a.key.tenantId < b.key.tenantId ? -1 : 1,
        )
        .map((row) => structuredClone(row));
    },
    async changedSince(version, limit) {
      return [...rowsOf(name).values()]
        .filter((row) => row.version > version)
        .sort((a, b) => a.version - b.version)
        .slice(0, limit)
        .map((row) => structuredClone(row));
    },
  });
  return { checkpoints: createInMemoryCheckpointStore(checkpoints), table };
}

/**
 * {@link ProjectionStorage} in memory. A transaction works on copies and swaps them in only when its work succeeds;
 * transactions run one at a time, as row locks would make them.
 */
export function createInMemoryProjectionStorage(): ProjectionStorage {
  let tables: Tables = new Map();
  let checkpoints = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  const live = () => scopeOver(tables, checkpoints);

  return {
    get checkpoints() {
      return live().checkpoints;
    },
    table: (name) => live().table(name),
    transaction<T>(work: (scope: ProjectionScope) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        const stagedTables: Tables = new Map([...tables].map(([name, rows]) => [name, new Map(rows)]));
        const stagedCheckpoints = new Map(checkpoints);
        const result = await work(scopeOver(stagedTables, stagedCheckpoints));
        tables = stagedTables;
        checkpoints = stagedCheckpoints;
        return result;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
}
