import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendMixedHistory } from "../../test/support/mixed-history.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { lockDataDir } from "../db/data-dir-lock.js";
import { PROJECTION_NAMES } from "../projections/projection-registry.js";
import { createProjectionRunner } from "../projections/projection-runner.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { loadCliConfig } from "./cli-config.js";
import { createCommands } from "./commands.js";
import { openProjectionStores } from "../wiring/command-services.js";
import { runCli } from "../../tools/cli/run-cli.js";
import { frontdeskProgram } from "./frontdesk-program.js";

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => (dir = await makeTempDir()));
afterAll(async () => dir?.remove());

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env: { FRONTDESK_DATA_DIR: dir.path },
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  };
}

/** Opens the data folder as central would, runs `use` and closes it (one PGlite opener at a time). */
async function withStores<T>(
  use: (stores: Awaited<ReturnType<typeof openProjectionStores>>) => Promise<T>,
): Promise<T> {
  const config = loadCliConfig({ FRONTDESK_DATA_DIR: dir.path });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  const stores = await openProjectionStores(config.value, () => {});
  try {
    return await use(stores);
  } finally {
    await stores.close();
  }
}

const snapshotTables = (stores: Awaited<ReturnType<typeof openProjectionStores>>) =>
  Promise.all(
    PROJECTION_NAMES.map(async (name) => ({
      name,
      rows: await stores.storage.table(name).list(),
      position: await stores.storage.checkpoints.load(name),
    })),
  );

describe("frontdesk replay", () => {
  it("rebuilds every projection to exactly the live rows, with stderr progress and an events/s summary", async () => {
    const live = await withStores(async (stores) => {
      await appendMixedHistory(stores.eventStore, { seed: 5, events: 400, prefix: "cli" });
      const runner = createProjectionRunner({
        ...stores,
        summaryCache: createInMemorySummaryCache(),
        pollMs: 10,
        batchSize: 13,
        log: () => {},
      });
      await runner.catchUp();
      return snapshotTables(stores);
    });

    const run = io();
    expect(
      await runCli(frontdeskProgram(createCommands()), ["replay", "--projection", "all", "--batch-size", "100"], run),
    ).toBe(0);

    expect(run.out).toHaveLength(2);
    expect(run.out[0]).toMatch(
      new RegExp(
        String.raw`^replayed customer-summary: [\d,]+ events into \d+ rows in [\d.]+ m?s ` +
          String.raw`\([\d,]+ events/s\); checkpoint [\d,]+\n$`,
      ),
    );
    expect(run.out[1]).toMatch(/^replayed conversation-state: /);
    expect(run.err.join("")).toMatch(/customer-summary \[#+-*\] \d+% [\d,]+\/[\d,]+ · [\d,]+ events\/s · ETA/);
    expect(await withStores(snapshotTables)).toEqual(live);
  });

  it("says clearly that the embedded database is in use when another opener holds it", async () => {
    // What a running central holds (without paying for a second PGlite open).
    const release = await lockDataDir(path.join(dir.path, "pglite.lock"));
    try {
      const run = io();
      expect(
        await runCli(frontdeskProgram(createCommands()), ["replay", "--projection", "customer-summary"], run),
      ).toBe(1);
      expect(run.err.join("")).toMatch(
        /cannot open the database: the embedded database is in use by process \d+.*one process at a time/,
      );
    } finally {
      await release();
    }
  });

  it("answers usage errors with exit code 2 and the command's help", async () => {
    for (const argv of [
      ["replay"],
      ["replay", "--projection", "nope"],
      ["replay", "--projection", "all", "--batch-size", "0"],
      ["replay", "--wat"],
    ]) {
      const run = io();
      expect(await runCli(frontdeskProgram(createCommands()), argv, run)).toBe(2);
      expect(run.err.join("")).toMatch(/^frontdesk replay: .*\n\nUsage: frontdesk replay --projection/s);
    }
    const unknown = io();
    expect(await runCli(frontdeskProgram(createCommands()), ["rewind"], unknown)).toBe(2);
    expect(unknown.err.join("")).toMatch(/unknown command 'rewind'.*replay/s);
  });

  it("prints its help through the real entry point", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "central/cli/frontdesk.ts", "replay", "--help"],
      { cwd: process.cwd() },
    );
    expect(stdout).toMatch(/^Usage: frontdesk replay --projection <customer-summary\|conversation-state\|all>/);
  });
});
