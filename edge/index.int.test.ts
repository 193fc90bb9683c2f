import { createExecutionContext, env as testEnv, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "./index.js";

/** A valid edge environment (no summary cache, no channels), with `overrides` applied. */
function envWith(overrides: Partial<Env>): Env {
  return {
    CENTRAL_URL: "http://central.test",
    CENTRAL_TIMEOUT_MS: "2000",
    BODY_READ_TIMEOUT_MS: "10000",
    EDGE_TOKEN: "test-edge-token-0123456789",
    UPSTASH_REDIS_REST_URL: "",
    UPSTASH_REDIS_REST_TOKEN: "",
    EDGE_ROUTING: "",
    EDGE_MODEL_PINS: "",
    POLICY_REFRESH_MS: "1000",
    CHANNELS_CONFIG: "",
    CONVERSATION_TOKEN_SECRET: "test-conversation-token-secret-0123456789",
    CONVERSATION_TOKEN_TTL_SECONDS: "",
    WEB_CONFIG: "",
    CHANNEL_QUEUE: testEnv.CHANNEL_QUEUE,
    ...overrides,
  };
}

describe("edge Worker (composition root)", () => {
  it("answers /healthz", async () => {
    const res = await SELF.fetch("http://edge.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "edge" });
  });

  it("serves the demo page with the DOM contract ids", async () => {
    const res = await SELF.fetch("http://edge.test/");
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    for (const id of ["chat-form", "message", "send", "log"]) expect(html).toContain(`id="${id}"`);
  });

  it("answers /v1/chat with a 503 problem and Retry-After when central's host does not resolve", async () => {
    const res = await SELF.fetch("http://edge.test/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-Correlation-Id": "self-503" },
      body: JSON.stringify({ text: "when will my new card arrive" }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(res.headers.get("X-Correlation-Id")).toBe("self-503");
    expect(await res.json()).toMatchObject({
      code: "central_unavailable",
      correlationId: "self-503",
      instance: "/v1/chat",
    });
  });

  it("answers a greeting at the edge with the shipped model while central is down, queueing its record", async () => {
    const res = await SELF.fetch("http://edge.test/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ text: "hello there, good morning" }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^event: token\ndata: \{"text":"Hello! How can I help you today\?"\}/);
    expect(body).toContain("event: done");
    expect(body).not.toContain("event: error");
  });

  it("answers every request with a 500 problem naming the bad variable when the env is invalid", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const badEnv = envWith({ EDGE_TOKEN: "short" });
    for (const path of ["/healthz", "/v1/chat"]) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://edge.test${path}`), badEnv, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(500);
      const body = await res.json<{ code: string; detail: string; instance: string }>();
      expect(body).toMatchObject({ code: "internal_error", instance: path });
      expect(body.detail).toContain("EDGE_TOKEN");
    }
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });

  it("reports a summary cache URL without its token as a misconfigured env", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const env = envWith({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079" });
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://edge.test/healthz"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(500);
    expect((await res.json<{ detail: string }>()).detail).toContain("UPSTASH_REDIS_REST_TOKEN");
    logged.mockRestore();
  });

  it("answers a request whose body stalls with 408 after BODY_READ_TIMEOUT_MS", async () => {
    const env = envWith({ BODY_READ_TIMEOUT_MS: "150" });
    const stalled = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"text":')),
    });
    const ctx = createExecutionContext();
    const started = Date.now();
    const res = await worker.fetch(
      new Request("http://edge.test/v1/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": "100" },
        body: stalled,
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(408);
    expect(await res.json()).toMatchObject({ code: "request_timeout", instance: "/v1/chat" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("stays healthy with a summary cache configured", async () => {
    const env = envWith({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "dev-token-123" });
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://edge.test/healthz"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
  });
});
