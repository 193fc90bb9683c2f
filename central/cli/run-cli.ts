import { EXIT_CODES, type CliCommand, type CommandIo } from "./cli-command.js";

/** `frontdesk --help`: the commands and where their own help is. */
export function cliUsage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length), 4);
  return [
    "Usage: frontdesk <command> [options]   (npm run frontdesk -- <command> …)",
    "",
    "Operator commands for Frontdesk's central service.",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Run frontdesk <command> --help for a command's options.",
    "",
  ].join("\n");
}

/** Dispatches `argv` (without node and the script) to its command; resolves to the exit code. */
export async function runCli(argv: string[], io: CommandIo, commands: readonly CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(cliUsage(commands));
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`frontdesk: unknown command '${name}'\n\n${cliUsage(commands)}`);
    return EXIT_CODES.usage;
  }
  return command.run(rest, io);
}
