import { describe, expect, it } from "vitest";
import { dequantizeRows, quantizeRows } from "./int8.js";

describe("int8 row quantization", () => {
  it("keeps each row's largest magnitude exactly and every value within half a step", () => {
    const matrix = Float32Array.from([0.5, -0.25, 0.1, 0, -2, 1, 0.003, 1.5, 0, 0, 0, 0]);
    const q = quantizeRows(matrix, 3, 4);
    expect(Array.from(q.values.subarray(0, 4))).toEqual([127, -64, 25, 0]);
    expect(q.values[4]).toBe(-127);
    expect(q.scales[2]).toBe(0);
    const back = dequantizeRows(q);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        expect(Math.abs((back[r * 4 + c] ?? 0) - (matrix[r * 4 + c] ?? 0))).toBeLessThanOrEqual(
          (q.scales[r] ?? 0) / 2 + 1e-7,
        );
      }
    }
    expect(Array.from(back.subarray(8))).toEqual([0, 0, 0, 0]);
  });
});
