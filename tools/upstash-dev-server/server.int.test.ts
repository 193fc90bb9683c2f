import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteKeysWithPrefix, detectTestRedis, testKeyPrefix } from "../../test/support/redis.js";
import { launchUpstashDevServer, type LaunchOptions } from "./launch.js";
import type { RunningUpstashDevServer } from "./server.js";

const testRedis = await detectTestRedis();

const STRINGS = {
  unicode: "héllo wörld ✓ 😀 中文 עברית",
  control: "\u0000\u0001\u0002\t\r\n end",
  quotes: 'a "quoted" \\ back\\slash',
  ok: "OK",
  base64Lookalike: "T0s=",
  numeric: "12345",
  json: '{"version":3,"nested":[1,null]}',
  empty: "",
};

const backends: Array<{ name: LaunchOptions["backend"]; skip: boolean }> = [
  { name: "memory", skip: false },
  { name: "redis", skip: !testRedis.reachable },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Upstash dev server on the ${backend.name} backend, driven by @upstash/redis`, () => {
    const prefix = testKeyPrefix(`dev-server-${backend.name}`);
    let server: RunningUpstashDevServer;

    beforeAll(async () => {
      const started = await launchUpstashDevServer({ backend: backend.name, redisUrl: testRedis.url });
      if (!started.ok) throw new Error(started.error.message);
      server = started.value;
    });

    afterAll(async () => {
      await server?.close();
      if (backend.name === "redis") await deleteKeysWithPrefix(testRedis.url, prefix);
    });

    for (const encoding of ["base64", false] as const) {
      describe(`with responseEncoding ${JSON.stringify(encoding)}`, () => {
        const key = (name: string) => `${prefix}${encoding || "plain"}:${name}`;
        const client = (options: { token?: string; automaticDeserialization?: boolean } = {}) =>
          new Redis({
            url: server.url,
            token: options.token ?? server.token,
            responseEncoding: encoding,
            automaticDeserialization: options.automaticDeserialization ?? false,
            enableTelemetry: false,
            retry: false,
          });

        it("round-trips unicode, control characters and look-alike strings exactly", async () => {
          const redis = client();
          for (const [name, value] of Object.entries(STRINGS)) {
            expect(await redis.set(key(name), value)).toBe("OK");
            expect(await redis.get(key(name))).toBe(value);
          }
          const names = Object.keys(STRINGS);
          expect(await redis.mget(...names.map(key), key("absent"))).toEqual([...Object.values(STRINGS), null]);
        });

        it("answers integers as numbers and missing keys as null", async () => {
          const redis = client();
          expect(await redis.get(key("missing"))).toBeNull();
          expect(await redis.incr(key("counter"))).toBe(1);
          expect(await redis.incr(key("counter"))).toBe(2);
          expect(await redis.exists(key("counter"), key("missing"))).toBe(1);
          expect(await redis.ttl(key("missing"))).toBe(-2);
          expect(await redis.ttl(key("counter"))).toBe(-1);
          expect(await redis.expire(key("counter"), 100)).toBe(1);
          expect(await redis.ttl(key("counter"))).toBeGreaterThan(98);
          expect(await redis.del(key("counter"), key("missing"))).toBe(1);
        });

        it("honours SET's NX, XX and PX options", async () => {
          const redis = client();
          expect(await redis.set(key("nx"), "first", { nx: true })).toBe("OK");
          expect(await redis.set(key("nx"), "second", { nx: true })).toBeNull();
          expect(await redis.set(key("xx-missing"), "v", { xx: true })).toBeNull();
          expect(await redis.set(key("nx"), "third", { xx: true, px: 60_000 })).toBe("OK");
          expect(await redis.get(key("nx"))).toBe("third");
          expect(await redis.pttl(key("nx"))).toBeGreaterThan(59_000);
        });

        it("deserialises JSON values when automaticDeserialization is on", async () => {
          const redis = client({ automaticDeserialization: true });
          await redis.set(key("object"), { name: "Zoë", tags: ["a", "ü"], n: 3 });
          expect(await redis.get(key("object"))).toEqual({ name: "Zoë", tags: ["a", "ü"], n: 3 });
        });

        it("runs a pipeline in order, reporting a failing command in its place", async () => {
          const redis = client();
          const results = await redis
            .pipeline()
            .set(key("pipe"), "not a number")
            .incr(key("pipe"))
            .get(key("pipe"))
            .mget(key("pipe"), key("absent"))
            .exec({ keepErrors: true });
          expect(results.map((entry) => entry.error ?? null)).toEqual([
            null,
            expect.stringMatching(/not an integer/),
            null,
            null,
          ]);
          expect(results[0]?.result).toBe("OK");
          expect(results[2]?.result).toBe("not a number");
          expect(results[3]?.result).toEqual(["not a number", null]);
        });

        it("runs /multi-exec as one transaction: nothing interleaves with it", async () => {
          const redis = client();
          const counter = key("tx-counter");
          const transactions = await Promise.all(
            Array.from({ length: 20 }, () =>
              redis.multi().incr(counter).incr(counter).incr(counter).exec<[number, number, number]>(),
            ),
          );
          for (const [a, b, c] of transactions) expect([b - a, c - b]).toEqual([1, 1]);
          expect(await redis.get(counter)).toBe("60");
        });

        it("discards a transaction with a command rejected at queue time, writing nothing", async () => {
          const redis = client();
          const target = key("tx-aborted");
          const raw = await postRaw(server, "/multi-exec", [["SET", target, "written?"], ["GET"]]);
          expect(raw.status).toBe(400);
          expect(raw.body.error).toMatch(
            /^EXECABORT Transaction discarded because of previous errors.*wrong number of arguments/,
          );
          if (backend.name === "memory") {
            await expect(redis.multi().set(target, "written?").hgetall(key("hash")).exec()).rejects.toThrow(
              /EXECABORT.*unsupported by the memory backend: 'HGETALL'/,
            );
          }
          await expect(redis.multi().set(target, "written?").exec()).resolves.toEqual(["OK"]);
          await redis.del(target);
          await expect(postRaw(server, "/multi-exec", [["SET", target, "x"], ["MULTI"]])).resolves.toMatchObject({
            status: 400,
          });
          expect(await redis.get(target)).toBeNull();
        });

        it("keeps a transaction's other writes when one command fails at run time (Redis semantics)", async () => {
          const redis = client();
          const results = await redis
            .multi()
            .set(key("tx-runtime"), "text")
            .incr(key("tx-runtime"))
            .get(key("tx-runtime"))
            .exec({ keepErrors: true });
          expect(results.map((entry) => entry.error ?? null)).toEqual([
            null,
            expect.stringMatching(/not an integer/),
            null,
          ]);
          expect(results[2]?.result).toBe("text");
        });

        it("rejects a wrong token with 401 and an error message", async () => {
          await expect(client({ token: "wrong-token-123" }).get(key("x"))).rejects.toThrow(/Unauthorized/);
        });
      });
    }

    it("puts base64 on the wire for strings (except a top-level OK) only when asked", async () => {
      const target = `${prefix}wire`;
      const set = await postRaw(server, "/", ["SET", target, "OK"], { "Upstash-Encoding": "base64" });
      expect(set.body).toEqual({ result: "OK" });
      expect((await postRaw(server, "/", ["GET", target], { "Upstash-Encoding": "base64" })).body).toEqual({
        result: "OK",
      });
      await postRaw(server, "/", ["SET", target, "héllo"]);
      expect((await postRaw(server, "/", ["GET", target], { "Upstash-Encoding": "base64" })).body).toEqual({
        result: "aMOpbGxv",
      });
      expect((await postRaw(server, "/", ["GET", target])).body).toEqual({ result: "héllo" });
      await postRaw(server, "/", ["SET", `${target}:ok`, "OK"]);
      const mget = await postRaw(
        server,
        "/pipeline",
        [
          ["MGET", target, `${target}:ok`, `${target}:none`],
          ["EXISTS", target],
        ],
        {
          "Upstash-Encoding": "base64",
        },
      );
      expect(mget.body).toEqual([{ result: ["aMOpbGxv", "T0s=", null] }, { result: 1 }]);
    });

    it.skipIf(backend.name !== "redis")("encodes nested arrays recursively (EVAL returning a table)", async () => {
      const script = "return {1, 'a', {2, 'OK', {ARGV[1]}}, redis.status_reply('FINE')}";
      const nested = await postRaw(server, "/", ["EVAL", script, 0, "ü"], { "Upstash-Encoding": "base64" });
      expect(nested.body).toEqual({ result: [1, "YQ==", [2, "T0s=", ["w7w="]], "RklORQ=="] });
      const redis = new Redis({
        url: server.url,
        token: server.token,
        enableTelemetry: false,
        automaticDeserialization: false,
      });
      expect(await redis.eval(script, [], ["ü"])).toEqual([1, "a", [2, "OK", ["ü"]], "FINE"]);
    });
  });
}

/** POSTs a JSON body with the bearer token and returns status and parsed body. */
async function postRaw(
  server: RunningUpstashDevServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown; error?: string } & unknown[] };
}
