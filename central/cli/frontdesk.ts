import { processIo } from "../../tools/cli/cli-io.js";
import { runCli } from "../../tools/cli/run-cli.js";
import { createCommands } from "./commands.js";
import { frontdeskProgram } from "./frontdesk-program.js";

// Composition root of the `frontdesk` operator CLI: the one place that hands process.env and the streams to commands.

process.exitCode = await runCli(frontdeskProgram(createCommands()), process.argv.slice(2), processIo());
