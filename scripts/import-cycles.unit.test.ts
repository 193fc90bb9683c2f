import { describe, expect, it } from "vitest";
import { findImportCycles } from "./import-cycles.js";

describe("findImportCycles", () => {
  it("finds no cycle in a tree of imports", () => {
    const graph = new Map([
      ["a.ts", ["b.ts", "c.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", []],
    ]);
    expect(findImportCycles(graph)).toEqual([]);
  });

  it("names each group of files that import each other as a closed path", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", ["e.ts"]],
      ["e.ts", ["d.ts"]],
      ["f.ts", ["f.ts"]],
    ]);
    const cycles = findImportCycles(graph).sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(cycles).toEqual([
      ["a.ts", "b.ts", "c.ts", "a.ts"],
      ["d.ts", "e.ts", "d.ts"],
      ["f.ts", "f.ts"],
    ]);
  });
});
