import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { correlationId, type CorrelationIdEnv } from "../../../shared/http/correlation-id/index.js";
import { problemDetailsSchema } from "../../../shared/problem-details.js";
import { onEdgeError } from "../../problem-response.js";
import { boundedBody, readBoundedBody } from "./index.js";

const TIMEOUT_MS = 100;

/** An app whose routes report what body they got; `/big/*` allows 64 bytes, everything else 16. */
function testApp(timeoutMs = TIMEOUT_MS) {
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId());
  app.use(boundedBody({ maxBytes: (path) => (path.startsWith("/big/") ? 64 : 16), timeoutMs }));
  const echo = async (c: { req: { raw: Request } }) => new Response(await c.req.raw.text());
  app.post("/small", echo);
  app.post("/big/x", echo);
  app.get("/small", () => new Response("got"));
  app.onError(onEdgeError);
  return app;
}

/** A body stream that sends `chunks`, then stays open forever (`close: false`) or ends; counts what was pulled. */
function streamOf(chunks: string[], options: { close: boolean }) {
  const pulled = { count: 0 };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled.count++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (options.close) controller.close();
      else return new Promise<void>(() => undefined);
    },
  });
  return { stream, pulled };
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  const body = problemDetailsSchema.parse(await response.json());
  expect(body).toMatchObject({ code, status, correlationId: expect.any(String) });
}

describe("boundedBody", () => {
  it("hands the route the whole body when it is within the path's limit", async () => {
    const app = testApp();
    expect(await (await app.request("/small", { method: "POST", body: "sixteen bytes!!!" })).text()).toBe(
      "sixteen bytes!!!",
    );
    const big = "b".repeat(64);
    expect(await (await app.request("/big/x", { method: "POST", body: big })).text()).toBe(big);
    const { stream } = streamOf(["chunk-1|", "chunk-2"], { close: true });
    expect(await (await app.request("/small", { method: "POST", body: stream })).text()).toBe("chunk-1|chunk-2");
  });

  it("answers 413 at once, reading nothing, for a declared Content-Length above the limit", async () => {
    const { stream, pulled } = streamOf(["0123456789"], { close: false });
    const started = Date.now();
    const response = await testApp(60_000).request("/small", {
      method: "POST",
      headers: { "Content-Length": "10000000000" },
      body: stream,
    });
    await expectProblem(response, 413, "payload_too_large");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it("answers 413 as soon as a streamed body without Content-Length grows past the limit", async () => {
    const { stream, pulled } = streamOf(["0123456789", "0123456789", "0123456789", "0123456789"], { close: false });
    await expectProblem(
      await testApp(60_000).request("/small", { method: "POST", body: stream }),
      413,
      "payload_too_large",
    );
    expect(pulled.count).toBeLessThan(4);
  });

  it("answers 408 request_timeout for a body that stalls, within about the timeout", async () => {
    const { stream } = streamOf(["0123456789"], { close: false });
    const started = Date.now();
    await expectProblem(await testApp().request("/small", { method: "POST", body: stream }), 408, "request_timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it("answers 400 body_incomplete for a body whose stream fails", async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection lost"));
      },
    });
    await expectProblem(await testApp().request("/small", { method: "POST", body: stream }), 400, "body_incomplete");
  });

  it("lets GET requests through without waiting for a body", async () => {
    expect(await (await testApp().request("/small")).text()).toBe("got");
  });
});

describe("readBoundedBody", () => {
  it("reads an empty or absent body as no bytes", async () => {
    const bounds = { maxBytes: 4, timeoutMs: TIMEOUT_MS };
    expect(await readBoundedBody(new Request("http://x/", { method: "POST" }), bounds)).toEqual({
      ok: true,
      value: new Uint8Array(),
    });
    const empty = await readBoundedBody(new Request("http://x/", { method: "POST", body: "" }), bounds);
    expect(empty.ok && empty.value.byteLength).toBe(0);
  });

  it("counts the bytes received, whatever Content-Length claims", async () => {
    const request = new Request("http://x/", { method: "POST", body: "far more than four bytes" });
    request.headers.set("Content-Length", "2");
    const read = await readBoundedBody(request, { maxBytes: 4, timeoutMs: TIMEOUT_MS });
    expect(!read.ok && read.error.code).toBe("payload_too_large");
  });
});
