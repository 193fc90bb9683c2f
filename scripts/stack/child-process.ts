import { spawn, type ChildProcess } from "node:child_process";

/** A child process started in its own process group, with its output kept for diagnostics. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Why it exited, or null while it runs. */
  exitReason(): string | null;
  /** The last lines it printed (stdout and stderr). */
  tail(lines?: number): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command` detached (own process group) so that stopping it also stops its children (wrangler → workerd). */
export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  onLine?: (line: string) => void;
}): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = `${options.name} exited (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once("error", (error) => {
      exit = `${options.name} could not start: ${error.message}`;
      resolve();
    });
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    name: options.name,
    child,
    exitReason: () => exit,
    tail: (count = 20) => lines.slice(-count).join("\n"),
    async stop(graceMs = 5_000) {
      if (exit !== null) return signalGroup("SIGKILL");
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup("SIGKILL"); // anything the leader left behind in its group (e.g. workerd under wrangler)
    },
  };
}
