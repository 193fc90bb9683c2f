import type { CliCommand } from "../../tools/cli/cli-command.js";
import type { CliProgram } from "../../tools/cli/run-cli.js";

/** The `frontdesk` operator CLI with its commands (`createCommands()` wires them to the real database). */
export function frontdeskProgram(commands: readonly CliCommand[]): CliProgram {
  return {
    name: "frontdesk",
    usage: "Usage: frontdesk <command> [options]   (npm run frontdesk -- <command> …)",
    about: ["Operator commands for Frontdesk's central service."],
    commands,
    helpHint: "Run frontdesk <command> --help for a command's options.",
  };
}
