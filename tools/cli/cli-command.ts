import type { CliIo } from "./cli-io.js";

/** Exit codes of every command: success, failure (the message says what to do next), usage problem. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2 } as const;

/** A command of a CLI program (`frontdesk replay`, `intents train`). */
export interface CliCommand {
  name: string;
  /** One line for the program's `--help`. */
  summary: string;
  /** Runs the command with its arguments (after the name); resolves to the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Prints a usage problem as `<command>: <message>` followed by the usage; resolves the exit code 2. */
export function usageProblem(io: CliIo, command: string, message: string, usage: string): number {
  io.stderr(`${command}: ${message}\n\n${usage}`);
  return EXIT_CODES.usage;
}

/** Prints a failure as `<command>: <message>` (the message says what to do next); resolves the exit code 1. */
export function commandFailed(io: CliIo, command: string, message: string): number {
  io.stderr(`${command}: ${message}\n`);
  return EXIT_CODES.failed;
}
