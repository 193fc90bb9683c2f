import { shuffleInPlace, type Rng } from "./rng.js";

/**
 * Assigns each example a fold in [0, folds): within every label the examples are shuffled by `rng` and dealt out
 * round-robin, so each fold holds about 1/folds of every label. Returns the fold of each example, in input order.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, rng: Rng): number[] {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  });
  const assignment = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const indices = byLabel.get(label) ?? [];
    shuffleInPlace(indices, rng);
    indices.forEach((index, k) => {
      assignment[index] = (offset + k) % folds;
    });
    offset += indices.length;
  }
  return assignment;
}
