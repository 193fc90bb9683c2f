import type { CliIo } from "../cli-io.js";

/** A {@link CliIo} that keeps what a command writes, for tests: `out()` / `err()` join the pieces. */
export function capturedIo(env: CliIo["env"] = {}): CliIo & { out(): string; err(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    env,
    stdout: (text) => void stdout.push(text),
    stderr: (text) => void stderr.push(text),
    out: () => stdout.join(""),
    err: () => stderr.join(""),
  };
}
