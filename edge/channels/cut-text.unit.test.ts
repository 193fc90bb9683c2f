import { describe, expect, it } from "vitest";
import { cutText } from "./cut-text.js";

describe("cutText", () => {
  it("keeps text within the limit and cuts longer text to the limit", () => {
    expect(cutText("hello", 5)).toBe("hello");
    expect(cutText("hello", 3)).toBe("hel");
    expect(cutText("hello", 0)).toBe("");
  });

  it("never splits a surrogate pair: the cut drops the whole character instead", () => {
    expect(cutText("ab😀c", 3)).toBe("ab");
    expect(cutText("ab😀c", 4)).toBe("ab😀");
    expect(cutText("😀😀", 1)).toBe("");
  });

  it("leaves a lone surrogate the text already had alone", () => {
    expect(cutText("a\udc00b", 2)).toBe("a\udc00");
  });
});
