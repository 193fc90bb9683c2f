/** Where a command writes and what environment it reads (process.env in the CLI's composition root). */
export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: progress bars redraw in place; otherwise they print occasional lines. */
  stderrIsTty?: boolean;
}

/** A `frontdesk` sub-command. */
export interface CliCommand {
  name: string;
  /** One line for `frontdesk --help`. */
  summary: string;
  /** Runs the command with its arguments (after the name); resolves to the process exit code. */
  run(argv: string[], io: CommandIo): Promise<number>;
}

/** Exit codes shared by commands: success, failure (retry may help), usage error. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2 } as const;
