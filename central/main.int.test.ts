import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test/support/temp-dir.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const TOKENS = { ADMIN_TOKEN: "admin-token-0123456789abcdef", EDGE_TOKEN: "edge-token-0123456789abcdef" };

/** Runs `node --import tsx central/main.ts` with only the given variables (plus PATH and HOME). */
function runMain(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe("central main", () => {
  it("prints usage and the variable table for --help", async () => {
    const run = runMain({}, ["--help"]);
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toMatch(/Usage: npm run start:central/);
    expect(run.output().stdout).toMatch(/HISTORY_TURNS\s+20\s+How many past messages/);
  });

  it("answers an unknown option as a usage problem with the usage, exit 2, without starting", async () => {
    const run = runMain({ ...TOKENS }, ["--port", "9"]);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toMatch(/^central: Unknown option '--port'.*\n\nUsage: npm run start:central/s);
    expect(run.output().stdout).toBe("");
  });

  it("prints every configuration problem and exits 1", async () => {
    const run = runMain({ CENTRAL_PORT: "nope" });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toMatch(/CENTRAL_PORT must be a whole number/);
    expect(stderr).toMatch(/ADMIN_TOKEN is required/);
    expect(stderr).toMatch(/EDGE_TOKEN is required/);
  });

  it("starts with PGlite and the offline provider, serves /healthz, and exits 0 on SIGTERM", async () => {
    const dir = await makeTempDir();
    const run = runMain({ ...TOKENS, CENTRAL_PORT: "0", FRONTDESK_DATA_DIR: dir.path });
    try {
      await expect.poll(() => run.output().stdout, { timeout: 20_000 }).toMatch(/listening on http:\/\/\S+/);
      const url = /listening on (http:\/\/\S+)/.exec(run.output().stdout)?.[1];
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toMatchObject({ status: "ok", database: "pglite", llm: { offline: true } });
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill("SIGKILL");
      await dir.remove();
    }
  });
});
