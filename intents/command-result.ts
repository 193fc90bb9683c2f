import { commandFailed, EXIT_CODES, usageProblem } from "../tools/cli/cli-command.js";
import type { CliIo } from "../tools/cli/cli-io.js";

/** Outcome of a CLI command: success, or an expected failure with a literal code and a message for people. */
export type CommandResult =
  | { ok: true }
  | {
      ok: false;
      code: "usage" | "data_unreadable" | "data_ill_formed" | "model_unreadable" | "model_out_of_date";
      message: string;
    };

/** What to do next after each failure, printed after its message. */
const NEXT_STEP: Record<Exclude<Extract<CommandResult, { ok: false }>["code"], "usage">, string> = {
  data_unreadable: "check the --data path",
  data_ill_formed: "see --help for the data formats",
  model_unreadable: "check --model: a folder written by train",
  model_out_of_date: "run build-default without --check to rebuild it, and commit the result",
};

/**
 * The exit code of a command's result: 0; a usage problem printed with the usage (2); or a failure printed as
 * `<command>: <code>: <message>; <what to do next>` (1).
 */
export function exitCodeOf(result: CommandResult, io: CliIo, command: string, usage: string): number {
  if (result.ok) return EXIT_CODES.ok;
  if (result.code === "usage") return usageProblem(io, command, result.message, usage);
  return commandFailed(io, command, `${result.code}: ${result.message}; ${NEXT_STEP[result.code]}`);
}

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
