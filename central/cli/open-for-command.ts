import type { CentralConfig } from "../config.js";
import { EXIT_CODES } from "../../tools/cli/cli-command.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { loadCliConfig } from "./cli-config.js";

/**
 * Loads central's configuration from the command's environment and opens what the command works on (log lines go to
 * stderr); an invalid configuration or a failed open is printed as `frontdesk <name>: …` and becomes the exit code.
 */
export async function openForCommand<T>(
  name: string,
  io: CliIo,
  open: (config: CentralConfig, log: (line: string) => void) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; exitCode: number }> {
  const config = loadCliConfig(io.env);
  if (!config.ok) {
    const problems = config.error.problems.map((problem) => `  - ${problem}\n`).join("");
    io.stderr(`frontdesk ${name}: the configuration is not valid:\n${problems}`);
    return { ok: false, exitCode: EXIT_CODES.failed };
  }
  try {
    return { ok: true, value: await open(config.value, (line) => io.stderr(`${line}\n`)) };
  } catch (error) {
    io.stderr(
      `frontdesk ${name}: cannot open the database: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return { ok: false, exitCode: EXIT_CODES.failed };
  }
}
