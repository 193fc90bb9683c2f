/**
 * How far each consumer of the global log (a projection, the cache publisher, the snapshotter) has read: the last
 * global position it fully processed. Adapters bound to a transaction move it in the same commit as the effects.
 */
export interface CheckpointStore {
  /** The consumer's checkpoint; 0 when it has never run. */
  load(name: string): Promise<number>;
  /**
   * Moves the checkpoint from `expected` to `position` if it still is `expected`; false (nothing changed) otherwise.
   */
  advance(name: string, expected: number, position: number): Promise<boolean>;
  /** Sets the checkpoint whatever it was (rebuilds). */
  reset(name: string, position: number): Promise<void>;
}
