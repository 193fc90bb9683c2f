import { z } from "zod";

/**
 * The one text rule: PostgreSQL (and PGlite) cannot store U+0000 (NUL) in `text` or `jsonb`, nor an unpaired UTF-16
 * surrogate in `jsonb` (and `text` silently turns it into U+FFFD). Every other code point is stored as sent. Text
 * that crosses a boundary is either refused with this rule (API bodies, path parameters: a client bug) or normalised
 * by it (messaging platforms, model output: text nobody can correct), so no layer below ever sees a string the
 * database refuses.
 */
export const UNSTORABLE_TEXT_MESSAGE =
  "contains a NUL character (U+0000) or an unpaired UTF-16 surrogate, which cannot be stored";

/** What replaces each unstorable code unit when text is normalised: U+FFFD, one code unit, so lengths stay the same. */
export const REPLACEMENT_CHARACTER = "\ufffd";

// A NUL; a high surrogate not followed by a low one; a low surrogate not preceded by a high one (UTF-16 code units).
const UNSTORABLE_SOURCE = String.raw`\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`;
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);

/** Most issues {@link unstorableTextIssues} lists (a hostile body could hold thousands). */
const MAX_ISSUES = 20;

/** True when PostgreSQL can store `text` as it is: no NUL and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** `text` with every NUL and unpaired surrogate replaced by U+FFFD (same length); storable text is returned as is. */
export function normaliseText(text: string): string {
  return isStorableText(text) ? text : text.replace(new RegExp(UNSTORABLE_SOURCE, "g"), REPLACEMENT_CHARACTER);
}

/**
 * Adds the text rule to a string schema (after its own checks, e.g. `trim`): unstorable text fails with
 * {@link UNSTORABLE_TEXT_MESSAGE} at the field's path.
 */
export function storableText<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });
}

/** One string (or object key) in a JSON value that breaks the text rule. */
export interface UnstorableTextIssue {
  path: (string | number)[];
  message: string;
}

/** Where a visited value sits: its key and its parent's place (a linked path, so deep values cost no copying). */
type Place = { key: string | number; parent: Place } | null;

function pathOf(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * Every string and object key in a JSON value that breaks the text rule, with its path (at most 20). Iterative, so a
 * deeply nested body cannot overflow the stack.
 */
export function unstorableTextIssues(value: unknown): UnstorableTextIssue[] {
  const issues: UnstorableTextIssue[] = [];
  // `badName`: the entry's key itself breaks the rule (reported in document order, its value not visited).
  const pending: { value: unknown; place: Place; badName?: true }[] = [{ value, place: null }];
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const { value: current, place, badName } = pending.pop()!;
    if (badName) {
      issues.push({ path: pathOf(place), message: `its name ${UNSTORABLE_TEXT_MESSAGE}` });
    } else if (typeof current === "string") {
      if (!isStorableText(current)) issues.push({ path: pathOf(place), message: UNSTORABLE_TEXT_MESSAGE });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        pending.push({ value: current[index], place: { key: index, parent: place } });
    } else if (typeof current === "object" && current !== null) {
      for (const [key, child] of Object.entries(current).reverse()) {
        if (isStorableText(key)) pending.push({ value: child, place: { key, parent: place } });
        else pending.push({ value: child, place: { key: normaliseText(key), parent: place }, badName: true });
      }
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

/**
 * A copy of a JSON value with the text rule applied to every string and object key ({@link normaliseText}); when two
 * keys normalise to the same name the first one is kept. Iterative, like {@link unstorableTextIssues}.
 */
export function normaliseJsonText(value: unknown): unknown {
  let result: unknown = value;
  const pending: { value: unknown; place: (normalised: unknown) => void }[] = [
    { value, place: (normalised) => (result = normalised) },
  ];
  while (pending.length > 0) {
    const { value: current, place } = pending.pop()!;
    if (typeof current === "string") {
      place(normaliseText(current));
    } else if (Array.isArray(current)) {
      const copy: unknown[] = current.slice();
      place(copy);
      copy.forEach((child, index) => pending.push({ value: child, place: (normalised) => (copy[index] = normalised) }));
    } else if (typeof current === "object" && current !== null) {
      const copy: Record<string, unknown> = {};
      place(copy);
      for (const [name, child] of Object.entries(current)) {
        const key = normaliseText(name);
        if (Object.hasOwn(copy, key)) continue;
        // defineProperty, not assignment: a JSON key "__proto__" must stay an own property, not set the prototype.
        const own = (normalised: unknown) =>
          Object.defineProperty(copy, key, { value: normalised, enumerable: true, writable: true, configurable: true });
        own(child);
        pending.push({ value: child, place: own });
      }
    }
  }
  return result;
}

/**
 * Wraps a body (or parameters) schema so the text rule is checked first, anywhere in the value: unstorable text fails
 * with one issue per offending string or key, named by its path, before the schema runs.
 */
export function storableJson<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const issue of unstorableTextIssues(value)) ctx.addIssue({ code: "custom", ...issue });
    })
    .pipe(schema);
}

/** Wraps a body schema so every string and key is normalised by the text rule ({@link normaliseJsonText}) first. */
export function normalisedJson<S extends z.ZodType>(schema: S) {
  return z.unknown().transform(normaliseJsonText).pipe(schema);
}
