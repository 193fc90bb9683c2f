/** Where a command writes and what environment it reads; only a composition root builds it from the process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  /** Results: what a script may parse. Text is written as given (commands end their lines). */
  stdout(text: string): void;
  /** Progress, notes, usage problems and failures. */
  stderr(text: string): void;
  /** True when stderr is a terminal: progress bars redraw in place; otherwise they print occasional lines. */
  stderrIsTty?: boolean;
}

/** The process's own environment and streams (for a CLI's entry file, its composition root). */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
  };
}
