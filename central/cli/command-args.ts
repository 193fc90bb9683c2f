import { EXIT_CODES, type CommandIo } from "./cli-command.js";

/** A command's parsed arguments: `--help`, the arguments to run with, or a usage problem. */
export type ParsedArgs<A extends { help: false }> = { ok: true; value: { help: true } | A } | { ok: false; message: string };

/**
 * Settles what a command does before it runs: a usage problem is printed with the usage (exit 2), `--help` prints the
 * usage (exit 0); otherwise the arguments to run with.
 */
export function argsOrExit<A extends { help: false }>(
  name: string,
  parsed: ParsedArgs<A>,
  usage: string,
  io: CommandIo,
): { ok: true; args: A } | { ok: false; exitCode: number } {
  if (!parsed.ok) {
    io.stderr(`frontdesk ${name}: ${parsed.message}\n\n${usage}`);
    return { ok: false, exitCode: EXIT_CODES.usage };
  }
  if (parsed.value.help) {
    io.stdout(usage);
    return { ok: false, exitCode: EXIT_CODES.ok };
  }
  return { ok: true, args: parsed.value };
}
