import { describe, expect, it } from "vitest";
import { fromFloat16Bits, toFloat16Bits } from "./float16.js";

describe("float16", () => {
  it("encodes known values exactly", () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0)).toBe(0);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(1);
  });

  it("round-trips within half-precision error", () => {
    for (const v of [0.1, -0.333, 3.14159, 1e-5, 123.456]) {
      expect(Math.abs(fromFloat16Bits(toFloat16Bits(v)) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
    }
  });
});
