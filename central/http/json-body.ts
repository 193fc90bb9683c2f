import type { Context } from "hono";
import type { z } from "zod";
import { problem, ProblemError, zodIssues } from "../../shared/problem-details.js";

/** Reads and validates a JSON request body; throws 415, `malformed_json` or `validation_failed` problems. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z0-9.+-]+\+)?json\b/i.test(type.trim())) {
    throw new ProblemError(problem("unsupported_media_type", "Send the body as application/json."));
  }
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProblemError(problem("malformed_json", "The body could not be parsed as JSON."));
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProblemError(problem("validation_failed", "See issues.", { issues: zodIssues(parsed.error) }));
  }
  return parsed.data;
}
