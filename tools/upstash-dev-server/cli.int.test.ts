import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the CLI; resolves when it exits, or — with `until` — as soon as its output matches (it keeps running). */
function runCli(args: string[], until?: RegExp) {
  const child = spawn(process.execPath, ["--import", "tsx", "tools/upstash-dev-server/cli.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise<{ code: number | null; output: string; stop: () => Promise<number | null> }>((resolve) => {
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const stop = () => (child.kill("SIGTERM"), exited);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) resolve({ code: null, output, stop });
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    void exited.then((code) => resolve({ code, output, stop }));
  });
}

describe("upstash-dev-server CLI", () => {
  it("prints usage with --help", async () => {
    const { code, output } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(output).toMatch(/Usage: .*cli\.ts/);
    expect(output).toMatch(/--backend redis\|memory/);
  });

  it("refuses a non-loopback host and a bad backend", async () => {
    expect(await runCli(["--host", "0.0.0.0", "--port", "0"])).toMatchObject({
      code: 1,
      output: expect.stringMatching(/loopback only/),
    });
    expect(await runCli(["--backend", "sqlite"])).toMatchObject({
      code: 2,
      output: expect.stringMatching(/--backend must be redis or memory/),
    });
  });

  it("prints URL and token, serves @upstash/redis, and stops on SIGTERM", async () => {
    const started = await runCli(["--port", "0", "--token", "cli-test-token"], /UPSTASH_REDIS_REST_TOKEN=\S+/);
    const url = /UPSTASH_REDIS_REST_URL=(\S+)/.exec(started.output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.output).toContain("UPSTASH_REDIS_REST_TOKEN=cli-test-token");
    const redis = new Redis({ url: url!, token: "cli-test-token", enableTelemetry: false });
    expect(await redis.ping()).toBe("PONG");
    expect(await started.stop()).toBe(0);
  });
});
