import type { CliProgram } from "../tools/cli/run-cli.js";
import { buildDefaultCommand } from "./build-default-model.js";
import { evalCommand } from "./eval/eval-command.js";
import { trainCommand } from "./train/train-command.js";

/** The `intents` CLI: trains and evaluates the edge's intent model. */
export const INTENTS_PROGRAM: CliProgram = {
  name: "intents",
  usage: "Usage: npm run intents -- <command> [options]   (tsx intents/cli.ts)",
  about: ["Trains and evaluates Frontdesk's edge intent model (a transformers.js text-classification folder)."],
  commands: [trainCommand, evalCommand, buildDefaultCommand],
  helpHint: 'Run "npm run intents -- <command> --help" for a command\'s options.',
};
