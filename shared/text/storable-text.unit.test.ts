import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  isStorableText,
  normaliseJsonText,
  normaliseText,
  normalisedJson,
  storableJson,
  storableText,
  unstorableTextIssues,
  UNSTORABLE_TEXT_MESSAGE,
} from "./storable-text.js";
import { anyText } from "../../test/support/unicode-arbitraries.js";

/** The oracle: well-formed UTF-16 (ES2024 `isWellFormed`, which Node 20 has) without NUL. */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
const oracle = (text: string) => wellFormed(text) && !text.includes("\u0000");

/** Full-Unicode strings, NUL and lone surrogates likely. */
const anyString = anyText(40);

describe("the text rule", () => {
  it("refuses NUL and unpaired surrogates and nothing else", () => {
    for (const text of ["a\u0000b", "\ud800", "a\udc00", "\udc00\ud800", "\ud83d", "x\ud83d\ud83d\ude00\ude00"])
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    for (const text of ["", "hello", "\ud83d\ude00", "\udbff\udfff", "\ufffe\uffff\ufeff", "\u0001\u001b\u0085"])
      expect(isStorableText(text), JSON.stringify(text)).toBe(true);
    fc.assert(fc.property(anyString, (text) => isStorableText(text) === oracle(text)));
  });

  it("normalises to storable text of the same length, replacing only what breaks the rule", () => {
    expect(normaliseText("sticker\u0000")).toBe("sticker\ufffd");
    expect(normaliseText("\ud83d\ude00\ud800")).toBe("\ud83d\ude00\ufffd");
    fc.assert(
      fc.property(anyString, (text) => {
        const normalised = normaliseText(text);
        expect(isStorableText(normalised)).toBe(true);
        expect(normalised).toHaveLength(text.length);
        if (isStorableText(text)) expect(normalised).toBe(text);
      }),
    );
  });

  it("lists every offending string and key of a JSON value by path", () => {
    const issues = unstorableTextIssues({ reason: "a\u0000", list: ["ok", "\ud800"], ["k\u0000"]: 1, fine: "yes" });
    expect(issues).toEqual([
      { path: ["reason"], message: UNSTORABLE_TEXT_MESSAGE },
      { path: ["list", 1], message: UNSTORABLE_TEXT_MESSAGE },
      { path: ["k\ufffd"], message: `its name ${UNSTORABLE_TEXT_MESSAGE}` },
    ]);
    expect(unstorableTextIssues({ a: [1, null, true, { b: "c" }] })).toEqual([]);
    expect(unstorableTextIssues(Array.from({ length: 100 }, () => "\u0000"))).toHaveLength(20);
  });

  it("walks and normalises deeply nested JSON without overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(50_000)}"\\u0000"${"]".repeat(50_000)}`) as unknown;
    expect(unstorableTextIssues(deep)).toHaveLength(1);
    expect(unstorableTextIssues(normaliseJsonText(deep))).toEqual([]);
  });

  it("normalises a copy of a JSON value, keys included, keeping __proto__ an ordinary key", () => {
    const input = JSON.parse(
      '{"kind":"sticker\\u0000","__proto__":{"x":"\\ud800"},"n\\u0000":[1,"\\udc00"]}',
    ) as object;
    const copy = normaliseJsonText(input);
    expect(copy).toEqual(
      JSON.parse('{"kind":"sticker\\ufffd","__proto__":{"x":"\\ufffd"},"n\\ufffd":[1,"\\ufffd"]}') as object,
    );
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(unstorableTextIssues(input)).toHaveLength(3);
    fc.assert(
      fc.property(fc.jsonValue(), anyString, (json, text) => {
        expect(unstorableTextIssues(normaliseJsonText([json, { [text]: text }]))).toEqual([]);
      }),
    );
  });

  it("as zod: refuses a field by name, checks a whole body before its schema, or normalises it", () => {
    const reason = storableText(z.string().trim().min(1));
    expect(reason.safeParse(" why ").data).toBe("why");
    expect(reason.safeParse("why\u0000").error?.issues).toMatchObject([{ message: UNSTORABLE_TEXT_MESSAGE }]);
    const body = z.object({ reason: z.string(), count: z.number() });
    expect(storableJson(body).safeParse({ reason: "\ud800", count: "x" }).error?.issues).toEqual([
      { code: "custom", path: ["reason"], message: UNSTORABLE_TEXT_MESSAGE },
    ]);
    expect(storableJson(body).safeParse({ reason: "ok", count: 1 }).data).toEqual({ reason: "ok", count: 1 });
    expect(normalisedJson(body).safeParse({ reason: "a\u0000", count: 1 }).data).toEqual({
      reason: "a\ufffd",
      count: 1,
    });
  });
});
