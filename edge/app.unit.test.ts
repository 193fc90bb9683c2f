import { describe, expect, it, vi } from "vitest";
import { problemDetailsSchema } from "../shared/problem-details.js";
import { createEdgeApp } from "./app.js";
import type { CentralClient } from "./central-client/central-client.js";
import { createFakeCentralClient } from "./central-client/fake-central-client.js";

const idle = () => createEdgeApp({ central: createFakeCentralClient({ events: [] }) });

describe("createEdgeApp", () => {
  it("answers GET /healthz with the edge's status", async () => {
    const res = await idle().request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "edge" });
    expect(res.headers.get("X-Correlation-Id")).toBeTruthy();
  });

  it("serves the demo page at GET / with a self-only content security policy", async () => {
    const res = await idle().request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await res.text();
    for (const marker of [
      '<form id="chat-form"',
      '<input id="message"',
      '<button id="send" type="submit"',
      '<div id="log"',
    ]) {
      expect(html).toContain(marker);
    }
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it("answers an unknown path with a 404 not_found problem carrying correlation id and instance", async () => {
    const res = await idle().request("/nope", { headers: { "X-Correlation-Id": "nf-9" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(res.headers.get("X-Correlation-Id")).toBe("nf-9");
    expect(problemDetailsSchema.parse(await res.json())).toMatchObject({
      code: "not_found",
      correlationId: "nf-9",
      instance: "/nope",
    });
  });

  it.each([
    ["GET", "/v1/chat", "POST"],
    ["DELETE", "/healthz", "GET, HEAD"],
    ["POST", "/", "GET, HEAD"],
  ])("answers %s %s with 405 method_not_allowed and an Allow header", async (method, path, allow) => {
    const res = await idle().request(path, { method, headers: { "X-Correlation-Id": "m-1" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe(allow);
    expect(res.headers.get("X-Correlation-Id")).toBe("m-1");
    expect(await res.json()).toMatchObject({ code: "method_not_allowed", instance: path, correlationId: "m-1" });
  });

  it("turns an unexpected exception into a logged 500 internal_error that does not leak the message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const central: CentralClient = {
      startTurn: () => Promise.reject(new Error("secret stack detail")),
    };
    const res = await createEdgeApp({ central }).request("/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Correlation-Id": "boom-1" },
      body: JSON.stringify({ text: "hi" }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret stack detail");
    expect(JSON.parse(text)).toMatchObject({ code: "internal_error", correlationId: "boom-1", instance: "/v1/chat" });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
