import type { z } from "zod";
import { err, ok, type Result } from "./result.js";

/** A cached value that does not parse as the entry its key should hold. */
export interface CorruptCacheEntry {
  code: "cache_corrupt";
  message: string;
}

/**
 * Validates a value read from the Upstash cache against `schema`: null stays null (absent), JSON text is parsed first
 * (clients without automatic deserialisation). Messages say `cached <what> …` and name failing fields, never values.
 */
export function parseCachedEntry<S extends z.ZodType>(
  raw: unknown,
  schema: S,
  what: string,
): Result<z.output<S> | null, CorruptCacheEntry> {
  if (raw === null || raw === undefined) return ok(null);
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return err({ code: "cache_corrupt", message: `cached ${what} is not JSON` });
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))].slice(0, 5);
  return err({ code: "cache_corrupt", message: `cached ${what} fails the schema at ${fields.join(", ")}` });
}
