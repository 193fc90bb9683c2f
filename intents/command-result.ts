/** Outcome of a CLI command: success, or an expected failure with a literal code and a message for people. */
export type CommandResult =
  | { ok: true }
  | { ok: false; code: "usage" | "data_unreadable" | "data_ill_formed" | "model_unreadable"; message: string };

/** Parses a numeric option: undefined → fallback; otherwise a finite number within [min, max] (integer if asked). */
export function numberOption(
  raw: string | boolean | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): { ok: true; value: number } | { ok: false; code: "usage"; message: string } {
  if (raw === undefined) return { ok: true, value: fallback };
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    return {
      ok: false,
      code: "usage",
      message: `--${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${String(raw)}`,
    };
  }
  return { ok: true, value };
}
