import { open, readFile, rm } from "node:fs/promises";

/** Another live process has the PGlite data folder open (PGlite allows one process at a time). */
export class DatabaseInUseError extends Error {
  readonly code = "database_in_use";
  /** Creates the error naming the lock file and the process holding it. */
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database is in use by process ${pid} (lock ${lockFile}): ` +
        "PGlite can only be opened by one process at a time. " +
        "Stop central (or the other frontdesk command) and retry, or use PostgreSQL (DATABASE_URL). " +
        "If no such process is running, delete the lock file.",
    );
    this.name = "DatabaseInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function holderOf(lockFile: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockFile, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock file of a PGlite data folder for this process, or throws {@link DatabaseInUseError} when a live
 * process holds it (this one included: open a folder once). A lock left by a dead process is taken over.
 * Resolves to the release function.
 */
export async function lockDataDir(lockFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = await holderOf(lockFile);
      if (pid !== null && isAlive(pid)) throw new DatabaseInUseError(lockFile, pid);
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockFile}`);
}
