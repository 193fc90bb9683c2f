import { Hono } from "hono";
import { problem, ProblemError } from "../../shared/problem-details.js";
import type { DatabaseKind } from "../db/database.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";

/** How long /healthz waits for the database before reporting it unavailable. */
const PING_TIMEOUT_MS = 2_000;

/** What the health check reports on. */
export interface HealthDeps {
  database: { kind: DatabaseKind; ping(): Promise<void> };
  llm: { name: string; model: string; offline: boolean };
}

/** `GET /healthz`: 200 with the database kind and the model provider when the database answers, else a 503 problem. */
export function healthRoutes(deps: HealthDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().get("/healthz", async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([deps.database.ping(), timeout]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProblemError(
        problem("central_unavailable", `The ${deps.database.kind} database is not answering: ${reason}`),
      );
    } finally {
      clearTimeout(timer);
    }
    return c.json({
      status: "ok",
      service: "central",
      database: deps.database.kind,
      llm: { provider: deps.llm.name, model: deps.llm.model, offline: deps.llm.offline },
    });
  });
}
