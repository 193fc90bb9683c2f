import { describe, expect, it } from "vitest";
import { decideLabel, tuneThreshold } from "./oos-decision.js";

describe("OOS decision", () => {
  it("rejects a prediction below the threshold or of class oos", () => {
    expect(decideLabel({ label: "balance", score: 0.3 }, 0.5)).toBe("oos");
    expect(decideLabel({ label: "balance", score: 0.7 }, 0.5)).toBe("balance");
    expect(decideLabel({ label: "oos", score: 0.99 }, 0)).toBe("oos");
  });

  it("tunes the threshold for the best in-scope accuracy that keeps the OOS recall target", () => {
    const gold = ["a", "a", "a", "oos", "oos"];
    const tops = [
      { label: "a", score: 0.9 },
      { label: "a", score: 0.6 },
      { label: "a", score: 0.35 },
      { label: "a", score: 0.3 },
      { label: "a", score: 0.5 },
    ];
    const choice = tuneThreshold(gold, tops, 0.5);
    expect(choice.threshold).toBeGreaterThan(0.3);
    expect(choice.threshold).toBeLessThanOrEqual(0.35);
    expect(tuneThreshold(gold, tops, 1).threshold).toBeGreaterThan(0.5);
  });

  it("uses no threshold for data without oos", () => {
    expect(
      tuneThreshold(
        ["a", "b"],
        [
          { label: "a", score: 0.2 },
          { label: "b", score: 0.9 },
        ],
      ).threshold,
    ).toBe(0);
  });
});
