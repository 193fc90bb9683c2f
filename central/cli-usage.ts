import { CONFIG_VARIABLES } from "./config.js";

/** The `--help` text of `npm run start:central`: what it does and the environment variables it reads. */
export function cliUsage(): string {
  const rows = CONFIG_VARIABLES.map((variable) => {
    const fallback = variable.required ? "(required)" : variable.default === null ? "(unset)" : variable.default;
    return [variable.name, fallback, variable.meaning];
  });
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const table = rows.map(
    ([name = "", fallback = "", meaning = ""]) =>
      `  ${name.padEnd(widths[0] ?? 0)}  ${fallback.padEnd(widths[1] ?? 0)}  ${meaning}`,
  );
  return [
    "Usage: npm run start:central   (tsx central/main.ts [--help])",
    "",
    "Starts Frontdesk's central service: the canonical event log, chat turns for the edge and the admin API.",
    "Configuration comes from environment variables:",
    "",
    ...table,
    "",
  ].join("\n");
}
