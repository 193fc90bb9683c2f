import { EXIT_CODES, usageProblem, type CliCommand } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";

/** A CLI program: its name, how it is called, what it is for and its commands. */
export interface CliProgram {
  /** How messages name the program (`frontdesk`, `intents`). */
  name: string;
  /** The first line of its `--help` (`Usage: frontdesk <command> [options]   (npm run frontdesk -- <command> …)`). */
  usage: string;
  /** What the program is for, one paragraph as lines. */
  about: readonly string[];
  commands: readonly CliCommand[];
  /** The last line of its `--help`: where each command's own help is. */
  helpHint: string;
}

/** The program's `--help`: usage line, what it is for, the commands with their summaries, where their help is. */
export function programUsage(program: CliProgram): string {
  const width = Math.max(...program.commands.map((command) => command.name.length), 4);
  return [
    program.usage,
    "",
    ...program.about,
    "",
    "Commands:",
    ...program.commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    program.helpHint,
    "",
  ].join("\n");
}

/**
 * Dispatches `argv` (without node and the script) to its command; resolves to the exit code. No command prints the
 * program's usage to stderr (exit 2), `--help` / `-h` / `help` to stdout (exit 0); an unknown command is a usage
 * problem.
 */
export async function runCli(program: CliProgram, argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(programUsage(program));
    return EXIT_CODES.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(programUsage(program));
    return EXIT_CODES.ok;
  }
  const command = program.commands.find((candidate) => candidate.name === name);
  if (!command) return usageProblem(io, program.name, `unknown command '${name}'`, programUsage(program));
  return command.run(rest, io);
}
