import { Hono } from "hono";
import { correlationId, type CorrelationIdEnv as CentralEnv } from "../../../shared/http/correlation-id/index.js";
import { centralProblems } from "../central-problems.js";

/** For route tests: mounts route modules the way central's app does (correlation ids, its 404 and error handler). */
export function routeTestApp(...routes: Hono<CentralEnv>[]): Hono<CentralEnv> {
  const app = new Hono<CentralEnv>();
  app.use("*", correlationId());
  for (const route of routes) app.route("/", route);
  const problems = centralProblems();
  app.notFound(problems.notFound);
  app.onError(problems.onError);
  return app;
}
