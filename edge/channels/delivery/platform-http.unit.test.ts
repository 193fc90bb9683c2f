import { describe, expect, it } from "vitest";
import { createPlatformHttp, retryAfterSeconds } from "./platform-http.js";

const NOW = new Date("2026-11-24T10:00:00Z");

function scripted(...answers: (Response | Error)[]) {
  let calls = 0;
  return {
    calls: () => calls,
    fetch: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer.clone();
    },
  };
}

const call = { request: () => new Request("https://platform.fake.test/send", { method: "POST", body: "{}" }) };

describe("platform HTTP with retries", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterSeconds("7", NOW)).toBe(7);
    expect(retryAfterSeconds("Tue, 24 Nov 2026 10:00:30 GMT", NOW)).toBe(30);
    expect(retryAfterSeconds("Tue, 24 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(retryAfterSeconds("soon", NOW)).toBeUndefined();
    expect(retryAfterSeconds(null, NOW)).toBeUndefined();
  });

  it("retries network failures and 5xx with growing jittered backoff until one succeeds", async () => {
    const platform = scripted(
      new Error("connection reset"),
      new Response("", { status: 503 }),
      new Response('{"ok":true}', { status: 200 }),
    );
    const waits: number[] = [];
    const http = createPlatformHttp({
      fetch: platform.fetch,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      baseDelayMs: 100,
      now: () => NOW,
    });
    expect(await http.call(call)).toEqual({ ok: true, value: { status: 200, body: '{"ok":true}', attempts: 3 } });
    expect(waits).toEqual([50, 100]);
  });

  it("gives up after the last attempt as platform_unavailable, and never retries a 4xx", async () => {
    const down = scripted(new Response("", { status: 500 }));
    const http = createPlatformHttp({ fetch: down.fetch, sleep: async () => undefined, maxAttempts: 3 });
    expect(await http.call(call)).toMatchObject({ ok: false, error: { code: "platform_unavailable", attempts: 3 } });
    expect(down.calls()).toBe(3);
    const refused = scripted(new Response('{"error":{"code":131030}}', { status: 400 }));
    const once = createPlatformHttp({ fetch: refused.fetch, sleep: async () => undefined });
    expect(await once.call(call)).toEqual({
      ok: false,
      error: { code: "platform_rejected", message: "HTTP 400 (131030)", attempts: 1 },
    });
    expect(refused.calls()).toBe(1);
  });

  it("waits out a Retry-After date within its limit", async () => {
    const platform = scripted(
      new Response("", { status: 429, headers: { "Retry-After": "Tue, 24 Nov 2026 10:00:03 GMT" } }),
      new Response("{}", { status: 200 }),
    );
    const waits: number[] = [];
    const http = createPlatformHttp({
      fetch: platform.fetch,
      sleep: async (ms) => void waits.push(ms),
      now: () => NOW,
    });
    expect(await http.call(call)).toMatchObject({ ok: true, value: { attempts: 2 } });
    expect(waits).toEqual([3000]);
  });
});
