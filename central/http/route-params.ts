import type { Context } from "hono";
import type { z } from "zod";
import { problem, ProblemError, zodIssues } from "../../shared/problem-details.js";
import { storableJson } from "../../shared/text/storable-text.js";

/**
 * Parses a route's path parameters, refusing text the database cannot store first; throws a 400 `validation_failed`
 * problem (`Invalid <what>.`, with issues) otherwise.
 */
export function readRouteParams<S extends z.ZodType>(c: Context, schema: S, what: string): z.output<S> {
  const parsed = storableJson(schema).safeParse(c.req.param());
  if (!parsed.success)
    throw new ProblemError(problem("validation_failed", `Invalid ${what}.`, { issues: zodIssues(parsed.error) }));
  return parsed.data;
}
