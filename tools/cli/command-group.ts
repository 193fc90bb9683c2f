import { EXIT_CODES, usageProblem, type CliCommand } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";

/** One sub-command of a group (`frontdesk policy push`): its own `--help` and its own function. */
export interface SubCommand<A> {
  /** The sub-command's `--help` text. */
  usage: string;
  /** Runs it; `command` is how messages name it (`frontdesk policy push`). Resolves to the exit code. */
  run(args: A, io: CliIo, command: string): Promise<number>;
}

/**
 * What a group's argument parser answers: `--help` (of the group, or of the sub-command named), one sub-command's
 * arguments, or a usage problem (of the group, or of the sub-command named).
 */
export type GroupArgs<S extends string, A extends { sub: S }> =
  | { ok: true; value: { help: true; sub: S | undefined } | ({ help: false } & A) }
  | { ok: false; message: string; sub: S | undefined };

/** A command made of sub-commands: one parser for the arguments they share, one function per sub-command. */
export interface CommandGroup<S extends string, A extends { sub: S }> {
  /** The program's name, for messages (`frontdesk`). */
  program: string;
  name: string;
  /** One line for the program's `--help`. */
  summary: string;
  /** The group's `--help` text. */
  usage: string;
  parse(argv: string[], io: CliIo): GroupArgs<S, A>;
  subCommands: { [K in S]: SubCommand<A & { sub: K }> };
}

/**
 * Makes a group a command: a usage problem prints `<program> <group> [<sub>]: <message>` and the usage of what it
 * concerns (exit 2), `--help` prints the group's or the sub-command's usage (exit 0); otherwise the sub-command runs.
 */
export function createCommandGroup<S extends string, A extends { sub: S }>(group: CommandGroup<S, A>): CliCommand {
  const commandName = (sub: S | undefined) => `${group.program} ${group.name}${sub === undefined ? "" : ` ${sub}`}`;
  const usageOf = (sub: S | undefined) => (sub === undefined ? group.usage : group.subCommands[sub].usage);
  return {
    name: group.name,
    summary: group.summary,
    async run(argv, io) {
      const parsed = group.parse(argv, io);
      if (!parsed.ok) return usageProblem(io, commandName(parsed.sub), parsed.message, usageOf(parsed.sub));
      if (parsed.value.help) {
        io.stdout(usageOf(parsed.value.sub));
        return EXIT_CODES.ok;
      }
      const args = parsed.value;
      // The mapped type pairs each name with its own arguments; TypeScript cannot follow that through an index.
      const subCommand = group.subCommands[args.sub] as unknown as SubCommand<A>;
      return subCommand.run(args, io, commandName(args.sub));
    },
  };
}

/**
 * The sub-command named by the first positional, and the positionals after it; a missing or unknown name is a usage
 * problem listing the names.
 */
export function subCommandOf<S extends string>(
  positionals: readonly string[],
  names: readonly S[],
): { ok: true; sub: S; rest: string[] } | { ok: false; message: string } {
  const [first, ...rest] = positionals;
  const list = names.join(", ");
  if (first === undefined) return { ok: false, message: `a sub-command is required: ${list}` };
  if (!isOneOf(first, names)) return { ok: false, message: `unknown sub-command '${first}': use ${list}` };
  return { ok: true, sub: first, rest };
}

/** The sub-command a `--help` concerns: the first positional when it names one. */
export function helpFor<S extends string>(positionals: readonly string[], names: readonly S[]): S | undefined {
  const first = positionals[0];
  return first !== undefined && isOneOf(first, names) ? first : undefined;
}

function isOneOf<S extends string>(value: string, names: readonly S[]): value is S {
  return (names as readonly string[]).includes(value);
}
