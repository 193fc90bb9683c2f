import { describe, expect, it } from "vitest";
import { secretsEqual } from "./secrets-equal.js";

describe("secretsEqual", () => {
  it("accepts only the identical secret, whatever the lengths", () => {
    expect(secretsEqual("edge-token-0123456789abcdef", "edge-token-0123456789abcdef")).toBe(true);
    expect(secretsEqual("edge-token-0123456789abcdef", "edge-token-0123456789abcdeF")).toBe(false);
    expect(secretsEqual("", "edge-token-0123456789abcdef")).toBe(false);
    expect(secretsEqual("edge-token-0123456789abcdef-and-more", "edge-token-0123456789abcdef")).toBe(false);
  });
});
