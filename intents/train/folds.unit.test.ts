import { describe, expect, it } from "vitest";
import { stratifiedFolds } from "./folds.js";
import { createRng } from "./rng.js";

describe("stratifiedFolds", () => {
  it("spreads every label evenly over the folds, the same way for the same seed", () => {
    const labels = [
      ...Array.from({ length: 10 }, () => "a"),
      ...Array.from({ length: 5 }, () => "b"),
      "oos",
      "oos",
      "oos",
    ];
    const folds = stratifiedFolds(labels, 5, createRng(1));
    for (const label of ["a", "b"]) {
      const counts = [0, 1, 2, 3, 4].map((f) => labels.filter((l, i) => l === label && folds[i] === f).length);
      expect(counts).toEqual(label === "a" ? [2, 2, 2, 2, 2] : [1, 1, 1, 1, 1]);
    }
    expect(new Set(labels.map((l, i) => (l === "oos" ? folds[i] : -1)).filter((f) => f !== -1)).size).toBe(3);
    expect(stratifiedFolds(labels, 5, createRng(1))).toEqual(folds);
    expect(stratifiedFolds(labels, 5, createRng(2))).not.toEqual(folds);
  });
});
