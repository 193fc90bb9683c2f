import fc from "fast-check";

/** Code units that break the text rule (NUL, unpaired surrogates), a surrogate pair, and ordinary characters. */
const EDGE_UNITS = ["\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\ufffd", " ", "a", "é", ":"];

/**
 * Full-Unicode text: fast-check's `binary` strings (any code point, lone surrogates included) mixed with strings built
 * from {@link EDGE_UNITS}, so NUL and lone surrogates turn up in most runs rather than by chance.
 */
export function anyText(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({
      unit: fc.oneof(fc.constantFrom(...EDGE_UNITS), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
      maxLength,
    }),
  );
}

/** Any JSON value whose strings (keys included) are {@link anyText}. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.jsonValue({
    maxDepth: 3,
    stringUnit: fc.oneof(fc.constantFrom(...EDGE_UNITS), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
  });
}

/**
 * A path segment for any text: percent-encoded UTF-8, with each unpaired surrogate as its 3-byte generalised UTF-8
 * (e.g. `%ED%A0%80`, which no decoder accepts), the way a hostile client can send it.
 */
export function pathSegment(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else out += encodeURIComponent(char);
  }
  return out;
}
