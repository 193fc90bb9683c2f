import type { Context } from "hono";
import type { z } from "zod";
import { readJsonBody as readJson } from "../../shared/http/read-json-body.js";
import { ProblemError } from "../../shared/problem-details.js";
import { normalisedJson, storableJson } from "../../shared/text/storable-text.js";

/** Largest JSON body central accepts, in bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * What happens to text the database cannot store (`shared/text/storable-text.ts`) anywhere in a body: `refuse` (the
 * default: 400 `validation_failed` naming each field) or `normalise` (replaced by U+FFFD, for reports of what
 * platforms sent, which nobody can correct).
 */
export type UnstorableTextHandling = "refuse" | "normalise";

/**
 * Reads and validates a JSON request body; throws 415, 413, `malformed_json` or `validation_failed` problems. The text
 * rule is applied to the whole body before the schema.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { unstorableText?: UnstorableTextHandling } = {},
): Promise<z.output<S>> {
  const checked = options.unstorableText === "normalise" ? normalisedJson(schema) : storableJson(schema);
  const body = await readJson(c.req.raw, checked, { maxBytes: MAX_JSON_BODY_BYTES });
  if (!body.ok) throw new ProblemError(body.error);
  return body.value;
}
