import { createCommands } from "./commands.js";
import { runCli } from "./run-cli.js";

// Composition root of the `frontdesk` operator CLI: the one place that hands process.env and the streams to commands.

const code = await runCli(
  process.argv.slice(2),
  {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
  },
  createCommands(),
);
process.exitCode = code;
