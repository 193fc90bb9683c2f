import { Hono } from "hono";
import { correlationId, type CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";
import { problemOf, problemResponse } from "../../shared/http/problem-response.js";
import { problem } from "../../shared/problem-details.js";

/** For route tests: mounts route modules the way central's app does (correlation ids, 404 and one error handler). */
export function routeTestApp(...routes: Hono<CentralEnv>[]): Hono<CentralEnv> {
  const app = new Hono<CentralEnv>();
  app.use("*", correlationId());
  for (const route of routes) app.route("/", route);
  app.notFound((c) =>
    problemResponse({
      ...problem("not_found", `No route for ${c.req.method} ${c.req.path}.`),
      correlationId: c.get("correlationId"),
    }),
  );
  app.onError((error, c) => problemResponse({ ...problemOf(error), correlationId: c.get("correlationId") }));
  return app;
}
