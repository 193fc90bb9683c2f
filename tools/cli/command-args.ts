import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT_CODES, usageProblem } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";

/** A command's parsed arguments: `--help`, the arguments to run with, or a usage problem. */
export type ParsedArgs<A extends { help: false }> =
  { ok: true; value: { help: true } | A } | { ok: false; message: string };

/**
 * Settles what a command does before it runs: a usage problem is printed with the usage (exit 2), `--help` prints the
 * usage (exit 0); otherwise the arguments to run with. `command` is how messages name it (`frontdesk erase`).
 */
export function argsOrExit<A extends { help: false }>(
  command: string,
  parsed: ParsedArgs<A>,
  usage: string,
  io: CliIo,
): { ok: true; args: A } | { ok: false; exitCode: number } {
  if (!parsed.ok) return { ok: false, exitCode: usageProblem(io, command, parsed.message, usage) };
  if (parsed.value.help) {
    io.stdout(usage);
    return { ok: false, exitCode: EXIT_CODES.ok };
  }
  return { ok: true, args: parsed.value };
}

/** `node:util` parseArgs with a usage problem (unknown flag, missing value, …) as a value instead of a throw. */
export function tryParseArgs<T extends ParseArgsConfig>(
  config: T,
): { ok: true; value: ReturnType<typeof parseArgs<T>> } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseArgs(config) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Option values as `node:util` parseArgs gives them. */
export type OptionValues = Record<string, string | boolean | undefined>;

/**
 * Parses a command that takes only options (strict: an unknown option or a positional is a usage problem), adding
 * `-h` / `--help`.
 */
export function parseOptions(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): ParsedArgs<{ help: false; values: OptionValues }> {
  const parsed = tryParseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: { ...options, help: { type: "boolean", short: "h", default: false } },
  });
  if (!parsed.ok) return parsed;
  const { help, ...values } = parsed.value.values;
  return help === true ? { ok: true, value: { help: true } } : { ok: true, value: { help: false, values } };
}
