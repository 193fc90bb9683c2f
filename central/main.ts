import { processIo } from "../tools/cli/cli-io.js";
import { argsOrExit, parseOptions } from "../tools/cli/command-args.js";
import { cliUsage } from "./cli-usage.js";
import { loadConfig } from "./config.js";
import { startCentral } from "./server.js";

// Composition root of the central service: the one place that hands process.env to the configuration.

// Options: only --help (configuration comes from the environment); anything else is a usage problem (exit 2).
const args = argsOrExit("central", parseOptions(process.argv.slice(2), {}), cliUsage(), processIo());
if (!args.ok) process.exit(args.exitCode);

const config = loadConfig(process.env);
if (!config.ok) {
  console.error("central: the configuration is not valid:");
  for (const problem of config.error.problems) console.error(`  - ${problem}`);
  console.error("Run with --help to list every variable.");
  process.exit(1);
}

let server: Awaited<ReturnType<typeof startCentral>>;
try {
  server = await startCentral(config.value);
} catch (error) {
  console.error(`central: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`central: ${signal} received, closing`);
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    console.error(`central: error while closing: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

process.on("SIGINT", (signal) => void stop(signal));
process.on("SIGTERM", (signal) => void stop(signal));
