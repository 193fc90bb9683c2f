import type { Context } from "hono";
import type { z } from "zod";
import { readJsonBody as readJson } from "../../shared/http/read-json-body.js";
import { ProblemError } from "../../shared/problem-details.js";

/** Largest JSON body central accepts, in bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads and validates a JSON request body; throws 415, 413, `malformed_json` or `validation_failed` problems. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await readJson(c.req.raw, schema, { maxBytes: MAX_JSON_BODY_BYTES });
  if (!body.ok) throw new ProblemError(body.error);
  return body.value;
}
