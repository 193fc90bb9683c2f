import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("test file names", () => {
  it("carry their tier (.unit, .int or .e2e) so a filter can select one tier", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.test.ts"], {
      cwd: new URL("..", import.meta.url),
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => !/\.(unit|int|e2e)\.test\.ts$/.test(file))).toEqual([]);
  });
});
