import type { CheckpointStore } from "./checkpoint-store.js";

/** A {@link CheckpointStore} in a Map, for tests and the in-memory projection storage. */
export function createInMemoryCheckpointStore(positions: Map<string, number> = new Map()): CheckpointStore {
  return {
    async load(name) {
      return positions.get(name) ?? 0;
    },
    async advance(name, expected, position) {
      if ((positions.get(name) ?? 0) !== expected) return false;
      positions.set(name, position);
      return true;
    },
    async reset(name, position) {
      positions.set(name, position);
    },
  };
}
