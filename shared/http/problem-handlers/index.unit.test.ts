import { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import { describe, expect, it } from "vitest";
import { problem, problemDetailsSchema, ProblemError } from "../../problem-details.js";
import { correlationId, type CorrelationIdEnv } from "../correlation-id/index.js";
import { problemHandlers, type ProblemHandlersOptions } from "./index.js";

function app(options: ProblemHandlersOptions = {}) {
  const problems = problemHandlers(options);
  const app = new Hono<CorrelationIdEnv>();
  app.use(correlationId());
  app.get("/refused", () => {
    throw new ProblemError(problem("forbidden", "not yours", { correlationId: "upstream-id" }));
  });
  app.get("/bug", () => {
    throw new Error("secret detail");
  });
  app.notFound(problems.notFound);
  app.onError(problems.onError);
  return app;
}

async function body(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return problemDetailsSchema.parse(await response.json());
}

describe("problemHandlers", () => {
  it("answers an unknown route with a 404 not_found problem naming it, with the request's correlation id", async () => {
    const response = await app().request("/nope", { method: "PUT", headers: { "X-Correlation-Id": "c-404" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("X-Correlation-Id")).toBe("c-404");
    expect(await body(response)).toEqual({
      type: "urn:frontdesk:error:not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: "No route for PUT /nope.",
      correlationId: "c-404",
    });
  });

  it("renders a thrown ProblemError as its problem, stamped with this request's correlation id", async () => {
    const response = await app().request("/refused", { headers: { "X-Correlation-Id": "c-403" } });
    expect(response.status).toBe(403);
    expect(await body(response)).toMatchObject({ code: "forbidden", detail: "not yours", correlationId: "c-403" });
  });

  it("names the path as instance when asked", async () => {
    const response = await app({ instance: true }).request("/refused");
    expect(await body(response)).toMatchObject({ code: "forbidden", instance: "/refused" });
    expect(await body(await app().request("/refused"))).not.toHaveProperty("instance");
  });

  it("turns any other error into a 500 internal_error that leaks nothing, and reports it", async () => {
    const reported: unknown[] = [];
    const response = await app({ onInternalError: (error) => reported.push(error) }).request("/bug");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret detail");
    expect(JSON.parse(text)).toMatchObject({ code: "internal_error" });
    expect(reported).toEqual([new Error("secret detail")]);
    await app({ onInternalError: (error) => reported.push(error) }).request("/refused");
    expect(reported).toHaveLength(1);
  });

  it("answers a wrong method on a known path with a 405 naming the allowed ones (with hono's middleware)", async () => {
    const problems = problemHandlers({ instance: true });
    const routes = new Hono<CorrelationIdEnv>().get("/thing", (c) => c.text("ok")).post("/thing", (c) => c.text("ok"));
    const withMethods = new Hono<CorrelationIdEnv>();
    withMethods.use(correlationId());
    withMethods.use(methodNotAllowed({ app: routes, onMethodNotAllowed: problems.methodNotAllowed }));
    withMethods.route("/", routes);
    withMethods.notFound(problems.notFound);
    const response = await withMethods.request("/thing", {
      method: "DELETE",
      headers: { "X-Correlation-Id": "c-405" },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, POST");
    expect(response.headers.get("X-Correlation-Id")).toBe("c-405");
    expect(await body(response)).toMatchObject({
      code: "method_not_allowed",
      detail: "DELETE is not allowed here; use GET, HEAD, POST.",
      instance: "/thing",
      correlationId: "c-405",
    });
    expect((await withMethods.request("/other", { method: "DELETE" })).status).toBe(404);
  });
});
