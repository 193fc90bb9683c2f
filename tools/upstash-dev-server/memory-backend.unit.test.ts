import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "./memory-backend.js";
import { scriptSha1, type MemoryScript } from "./memory-scripts.js";
import { PROJECT_SCRIPTS } from "./project-scripts.js";
import type { RedisCommand } from "./protocol.js";

function setup(scripts: readonly MemoryScript[] = []) {
  let now = 1_000_000;
  const backend = createMemoryBackend({ scripts, now: () => now });
  const run = (...command: [string, ...string[]]) => backend.run(command as RedisCommand);
  return { backend, run, advance: (ms: number) => (now += ms) };
}

describe("memory backend", () => {
  it("expires keys by the injected clock (EX, PX, EXPIRE) and reports TTL/PTTL like Redis", async () => {
    const { run, advance } = setup();
    await run("SET", "a", "1", "EX", "10");
    await run("SET", "b", "2", "PX", "1500");
    await run("SET", "c", "3");
    expect(await run("TTL", "a")).toEqual({ ok: true, reply: 10 });
    expect(await run("PTTL", "b")).toEqual({ ok: true, reply: 1500 });
    expect(await run("TTL", "c")).toEqual({ ok: true, reply: -1 });
    advance(1500);
    expect(await run("GET", "b")).toEqual({ ok: true, reply: null });
    expect(await run("TTL", "b")).toEqual({ ok: true, reply: -2 });
    expect(await run("EXPIRE", "c", "1")).toEqual({ ok: true, reply: 1 });
    advance(1000);
    expect(await run("EXISTS", "a", "b", "c")).toEqual({ ok: true, reply: 1 });
    expect(await run("EXPIRE", "a", "0")).toEqual({ ok: true, reply: 1 });
    expect(await run("EXISTS", "a")).toEqual({ ok: true, reply: 0 });
  });

  it("keeps INCR's TTL and refuses non-integers", async () => {
    const { run } = setup();
    await run("SET", "n", "41", "EX", "100");
    expect(await run("INCR", "n")).toEqual({ ok: true, reply: 42 });
    expect(await run("TTL", "n")).toEqual({ ok: true, reply: 100 });
    await run("SET", "t", "4.5");
    expect(await run("INCR", "t")).toEqual({ ok: false, error: "ERR value is not an integer or out of range" });
  });

  it("answers Redis's errors for bad SET options and wrong arity", async () => {
    const { run } = setup();
    expect(await run("SET", "k", "v", "NX", "XX")).toEqual({ ok: false, error: "ERR syntax error" });
    expect(await run("SET", "k", "v", "EX", "0")).toEqual({
      ok: false,
      error: "ERR invalid expire time in 'set' command",
    });
    expect(await run("SET", "k", "v", "EX", "soon")).toEqual({
      ok: false,
      error: "ERR value is not an integer or out of range",
    });
    expect(await run("SET", "k", "v", "KEEPTTL")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unsupported by the memory backend/),
    });
    expect(await run("GET")).toEqual({ ok: false, error: "ERR wrong number of arguments for 'get' command" });
    expect(await run("PING", "a", "b")).toEqual({
      ok: false,
      error: "ERR wrong number of arguments for 'ping' command",
    });
  });

  it("refuses commands outside its subset with a clear error", async () => {
    const { run } = setup();
    expect(await run("HGETALL", "h")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^ERR unsupported by the memory backend: 'HGETALL'/),
    });
  });

  it("runs registered scripts through EVAL, then EVALSHA; EVALSHA before EVAL is NOSCRIPT", async () => {
    const echo: MemoryScript = { source: "return ARGV[1]", run: (_keyspace, _keys, [value]) => value ?? null };
    const { run } = setup([echo]);
    const sha = scriptSha1(echo.source);
    expect(await run("EVALSHA", sha, "0", "x")).toEqual({
      ok: false,
      error: "NOSCRIPT No matching script. Please use EVAL.",
    });
    expect(await run("EVAL", echo.source, "0", "hi")).toEqual({ ok: true, reply: "hi" });
    expect(await run("EVALSHA", sha.toUpperCase(), "0", "again")).toEqual({ ok: true, reply: "again" });
    expect(await run("EVAL", echo.source, "2", "k")).toEqual({
      ok: false,
      error: "ERR Number of keys can't be greater than number of args",
    });
    expect(await run("EVAL", "return 1", "0")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unsupported by the memory backend: EVAL of a script/),
    });
  });

  it("runs the summary cache's version-guarded set like the Lua script", async () => {
    const [script] = PROJECT_SCRIPTS;
    const { run, advance } = setup(PROJECT_SCRIPTS);
    const publish = (version: number) =>
      run("EVAL", script!.source, "1", "s", JSON.stringify({ version }), String(version), "60");
    expect(await publish(5)).toEqual({ ok: true, reply: 1 });
    expect(await publish(3)).toEqual({ ok: true, reply: 0 });
    expect(await publish(5)).toEqual({ ok: true, reply: 0 });
    expect(await publish(6)).toEqual({ ok: true, reply: 1 });
    expect(await run("GET", "s")).toEqual({ ok: true, reply: '{"version":6}' });
    expect(await run("TTL", "s")).toEqual({ ok: true, reply: 60 });
    await run("SET", "s", "garbage");
    expect(await publish(1)).toEqual({ ok: true, reply: 1 });
    advance(60_000);
    expect(await run("GET", "s")).toEqual({ ok: true, reply: null });
  });

  it("aborts a transaction with an unknown or malformed command and runs the rest atomically otherwise", async () => {
    const { backend, run } = setup();
    const aborted = await backend.transaction([["SET", "k", "v"], ["GET"]]);
    expect(aborted).toMatchObject({
      ok: false,
      error: { code: "transaction_aborted", message: expect.stringMatching(/^EXECABORT/) },
    });
    expect(await run("EXISTS", "k")).toEqual({ ok: true, reply: 0 });
    const done = await backend.transaction([
      ["SET", "k", "x"],
      ["INCR", "k"],
      ["GET", "k"],
    ]);
    expect(done).toEqual({
      ok: true,
      value: [
        { ok: true, reply: "OK" },
        { ok: false, error: "ERR value is not an integer or out of range" },
        { ok: true, reply: "x" },
      ],
    });
  });

  it("flushes the keyspace with FLUSHDB", async () => {
    const { run } = setup();
    await run("SET", "a", "1");
    expect(await run("FLUSHDB")).toEqual({ ok: true, reply: "OK" });
    expect(await run("MGET", "a", "b")).toEqual({ ok: true, reply: [null, null] });
  });
});
