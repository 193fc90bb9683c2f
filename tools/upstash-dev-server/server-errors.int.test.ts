import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchUpstashDevServer } from "./launch.js";
import { createMemoryBackend } from "./memory-backend.js";
import { startUpstashDevServer, type RunningUpstashDevServer } from "./server.js";

let server: RunningUpstashDevServer;

beforeAll(async () => {
  const started = await startUpstashDevServer({
    backend: createMemoryBackend(),
    token: "error-test-token",
    maxBodyBytes: 1024,
  });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
});

afterAll(async () => server?.close());

async function send(path: string, init: { method?: string; body?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? server.token}`;
  const response = await fetch(`${server.url}${path}`, { method: init.method ?? "POST", headers, body: init.body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: string } };
}

describe("Upstash dev server: bad requests get Upstash-shaped { error } replies", () => {
  it("answers 401 for a missing or wrong token", async () => {
    expect(await send("/", { body: '["PING"]', token: null })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/Unauthorized/) },
    });
    expect(await send("/", { body: '["PING"]', token: "nope" })).toMatchObject({ status: 401 });
  });

  it("answers 400 for bad JSON, a non-array body and a wrongly shaped pipeline", async () => {
    expect(await send("/", { body: "{oops" })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/not JSON/) },
    });
    expect(await send("/", { body: '{"cmd":"GET"}' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/JSON array/) },
    });
    expect(await send("/pipeline", { body: '["GET","k"]' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/at \[0\]/) },
    });
    expect(await send("/multi-exec", { body: "[]" })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/empty/) },
    });
  });

  it("answers 400 with the Redis error for a failing single command", async () => {
    expect(await send("/", { body: '["GET"]' })).toEqual(
      expect.objectContaining({ status: 400, body: { error: "ERR wrong number of arguments for 'get' command" } }),
    );
  });

  it("answers 413 for a body over the size limit", async () => {
    const big = JSON.stringify(["SET", "k", "x".repeat(2048)]);
    expect(await send("/", { body: big })).toMatchObject({
      status: 413,
      body: { error: expect.stringMatching(/larger than 1024 bytes/) },
    });
  });

  it("answers 404 for an unknown path and 405 for a method other than POST", async () => {
    expect(await send("/get/k")).toMatchObject({ status: 404, body: { error: expect.stringMatching(/unknown path/) } });
    const wrongMethod = await send("/", { method: "GET" });
    expect(wrongMethod).toMatchObject({ status: 405 });
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("refuses connection-state commands in place inside a pipeline", async () => {
    const response = await send("/pipeline", { body: '[["PING"],["SELECT","1"],["PING","x"]]' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { result: "PONG" },
      { error: expect.stringMatching(/'SELECT' is not allowed/) },
      { result: "x" },
    ]);
  });
});

describe("starting the dev server", () => {
  it("refuses a non-loopback bind", async () => {
    const started = await startUpstashDevServer({
      backend: createMemoryBackend(),
      token: "t0k3n-t0k3n",
      host: "0.0.0.0",
    });
    expect(started).toMatchObject({ ok: false, error: { code: "non_loopback_host" } });
  });

  it("reports a busy port as listen_failed", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const started = await launchUpstashDevServer({ backend: "memory", port });
    blocker.close();
    expect(started).toMatchObject({
      ok: false,
      error: { code: "listen_failed", message: expect.stringMatching(/EADDRINUSE/) },
    });
  });

  it("reports an unreachable Redis as backend_unavailable", async () => {
    const started = await launchUpstashDevServer({ backend: "redis", redisUrl: "redis://127.0.0.1:1" });
    expect(started).toMatchObject({
      ok: false,
      error: { code: "backend_unavailable", message: expect.stringMatching(/127\.0\.0\.1:1/) },
    });
  });
});
