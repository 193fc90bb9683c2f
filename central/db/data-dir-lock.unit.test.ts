import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { DatabaseInUseError, lockDataDir } from "./data-dir-lock.js";

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await makeTempDir()));
afterEach(async () => dir.remove());

describe("data folder lock", () => {
  it("is taken once: a second opener is told which process holds it; it can be taken again after release", async () => {
    const lockFile = path.join(dir.path, "pglite.lock");
    const release = await lockDataDir(lockFile);
    expect(await readFile(lockFile, "utf8")).toBe(String(process.pid));
    const second = await lockDataDir(lockFile).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DatabaseInUseError);
    expect(second).toMatchObject({
      code: "database_in_use",
      pid: process.pid,
      message: expect.stringMatching(/one process at a time/),
    });
    await release();
    await (
      await lockDataDir(lockFile)
    )();
  });

  it("takes over a lock left by a process that is gone", async () => {
    const lockFile = path.join(dir.path, "pglite.lock");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    await writeFile(lockFile, gone.stdout);
    const release = await lockDataDir(lockFile);
    expect(await readFile(lockFile, "utf8")).toBe(String(process.pid));
    await release();
  });
});
