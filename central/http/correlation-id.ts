import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { correlationIdSchema } from "../../shared/ids.js";

/** Hono environment of central's app: the request's correlation id is available to handlers. */
export interface CentralEnv {
  Variables: { correlationId: string };
}

/** Middleware taking a valid `X-Correlation-Id` from the request (or making one) and echoing it on the response. */
export function correlationId(): MiddlewareHandler<CentralEnv> {
  return async (c, next) => {
    const header = correlationIdSchema.safeParse(c.req.header("x-correlation-id"));
    const id = header.success ? header.data : randomUUID();
    c.set("correlationId", id);
    await next();
    if (!c.res.headers.has("x-correlation-id")) c.res.headers.set("x-correlation-id", id);
  };
}
