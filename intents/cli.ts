import { processIo } from "../tools/cli/cli-io.js";
import { runCli } from "../tools/cli/run-cli.js";
import { INTENTS_PROGRAM } from "./intents-program.js";

// Composition root of the `intents` CLI (npm run intents): the one place that hands the process to its commands.

process.exitCode = await runCli(INTENTS_PROGRAM, process.argv.slice(2), processIo());
