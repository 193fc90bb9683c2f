import { describe, expect, it } from "vitest";
import { quantile, scorePredictions } from "./metrics.js";

describe("scorePredictions", () => {
  it("counts a rejected in-scope example as wrong and scores OOS recall and precision", () => {
    const m = scorePredictions(["a", "a", "b", "oos", "oos"], ["a", "oos", "b", "oos", "b"]);
    expect(m.in_scope_accuracy).toBeCloseTo(2 / 3);
    expect(m.oos_recall).toBe(0.5);
    expect(m.oos_precision).toBe(0.5);
    expect(m.n).toBe(5);
  });

  it("gives null OOS figures when the data has no oos", () => {
    const m = scorePredictions(["a", "b"], ["a", "b"]);
    expect(m).toMatchObject({ in_scope_accuracy: 1, oos_recall: null, oos_precision: null, macro_f1: 1 });
  });

  it("takes nearest-rank quantiles", () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 0.99)).toBe(5);
    expect(quantile([], 0.5)).toBe(0);
  });
});
