/** The parts of a command's `--help`: usage lines, what it does, its options and closing notes (exit codes, …). */
export interface UsageParts {
  /** Each a way to call it, without `Usage: `. */
  usage: readonly string[];
  about?: readonly string[];
  /** Option lines as printed (`  --tenant <id>   the tenant`). */
  options?: readonly string[];
  notes?: readonly string[];
}

/** Renders a `--help` text: `Usage:` lines, then each non-empty block after a blank line, ending in a newline. */
export function formatUsage(parts: UsageParts): string {
  const usage = parts.usage.map((line, index) => `${index === 0 ? "Usage: " : "       "}${line}`);
  const blocks = [
    usage,
    parts.about ?? [],
    parts.options?.length ? ["Options:", ...parts.options] : [],
    parts.notes ?? [],
  ];
  return `${blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join("\n"))
    .join("\n\n")}\n`;
}
