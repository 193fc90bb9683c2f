import { cliUsage } from "./cli-usage.js";
import { loadConfig } from "./config.js";
import { startCentral } from "./server.js";

// Composition root of the central service: the one place that hands process.env to the configuration.

if (process.argv.slice(2).some((arg) => arg === "--help" || arg === "-h")) {
  process.stdout.write(cliUsage());
  process.exit(0);
}

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
