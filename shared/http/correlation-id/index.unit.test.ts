import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { correlationId, type CorrelationIdEnv } from "./index.js";

function appWith(options?: Parameters<typeof correlationId>[0]) {
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId(options));
  app.get("/id", (c) => c.text(c.get("correlationId")));
  app.get("/raw", (c) => new Response(`raw ${c.get("correlationId")}`));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.onError((_error, c) => c.text("failed", 500));
  return app;
}

describe("correlationId middleware", () => {
  it("honours a well-formed incoming X-Correlation-Id and echoes it", async () => {
    const res = await appWith().request("/id", { headers: { "X-Correlation-Id": "abc-123.retry@2" } });
    expect(await res.text()).toBe("abc-123.retry@2");
    expect(res.headers.get("X-Correlation-Id")).toBe("abc-123.retry@2");
  });

  it("generates a uuid when the request has none", async () => {
    const res = await appWith().request("/id");
    const id = await res.text();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get("X-Correlation-Id")).toBe(id);
  });

  it.each([
    ["a space", "not valid"],
    ["a slash", "a/b"],
    ["too long", "x".repeat(129)],
    ["empty", ""],
  ])("replaces a malformed incoming id (%s) with a generated one", async (_label, bad) => {
    const res = await appWith({ generate: () => "generated-1" }).request("/id", {
      headers: { "X-Correlation-Id": bad },
    });
    expect(await res.text()).toBe("generated-1");
    expect(res.headers.get("X-Correlation-Id")).toBe("generated-1");
  });

  it("echoes the id on error responses rendered by onError", async () => {
    const res = await appWith().request("/boom", { headers: { "X-Correlation-Id": "err-1" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Correlation-Id")).toBe("err-1");
  });

  it("echoes the id on 404s and on raw Response objects", async () => {
    const app = appWith();
    const missing = await app.request("/nowhere", { headers: { "X-Correlation-Id": "nf-1" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("X-Correlation-Id")).toBe("nf-1");
    const raw = await app.request("/raw", { headers: { "X-Correlation-Id": "raw-1" } });
    expect(await raw.text()).toBe("raw raw-1");
    expect(raw.headers.get("X-Correlation-Id")).toBe("raw-1");
  });

  it("reads and writes a custom header name", async () => {
    const res = await appWith({ header: "X-Request-Id" }).request("/id", { headers: { "X-Request-Id": "custom-7" } });
    expect(await res.text()).toBe("custom-7");
    expect(res.headers.get("X-Request-Id")).toBe("custom-7");
  });

  it("leaves a correlation id header the handler set itself", async () => {
    const app = new Hono<CorrelationIdEnv>();
    app.use(correlationId());
    app.get("/own", (c) => c.text("ok", 200, { "X-Correlation-Id": "from-the-message" }));
    const res = await app.request("/own", { headers: { "X-Correlation-Id": "from-the-request" } });
    expect(res.headers.get("X-Correlation-Id")).toBe("from-the-message");
  });
});
