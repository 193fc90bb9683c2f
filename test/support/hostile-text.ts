import fc from "fast-check";

/**
 * Characters that break naive storage, encoding or framing: NUL and other controls, lone UTF-16 surrogates (high and
 * low), line and paragraph separators, a byte-order mark, a non-character, quotes and backslashes.
 */
export const HOSTILE_CHARACTERS = [
  "\u0000",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\r",
  "\n",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\uffff",
  "\u001b",
  '"',
  "\\",
] as const;

/** One piece of text: a hostile character, any Unicode code point (astral ones included), or a lone surrogate. */
const hostileUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS) },
  { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
);

/** Full-Unicode strings that often hold NUL, lone surrogates and the other {@link HOSTILE_CHARACTERS}. */
export function hostileText(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: hostileUnit, maxLength: 40, ...constraints });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the string holds a NUL or a UTF-16 surrogate that is not part of a pair (what PostgreSQL refuses). */
export function hasUnstorableText(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

/**
 * A value as escaped JSON (lone surrogates and controls as `\\uXXXX`): compare and print hostile text through it,
 * since a test report carrying a lone surrogate breaks the workerd test pool's connection.
 */
export function printable(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}
