import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const result = parseCsv('text,category\r\n"a, b",x\n"say ""hi""",y\n"two\nlines",z\n');
    expect(result).toEqual({
      ok: true,
      rows: [
        ["text", "category"],
        ["a, b", "x"],
        ['say "hi"', "y"],
        ["two\nlines", "z"],
      ],
    });
  });

  it("keeps empty fields and skips blank lines", () => {
    expect(parseCsv("a,,c\n\nd,e,\n")).toEqual({
      ok: true,
      rows: [
        ["a", "", "c"],
        ["d", "e", ""],
      ],
    });
  });

  it("reports an unterminated quote with its line", () => {
    expect(parseCsv('text,category\nok,x\n"never closed,y\n')).toEqual({
      ok: false,
      code: "csv_unterminated_quote",
      line: 3,
    });
  });
});
