import type { MiddlewareHandler } from "hono";
import { correlationIdSchema } from "../../ids.js";

/** Context variables set by the correlation-id middleware. */
export type CorrelationIdVariables = { correlationId: string };

/** Hono environment of any app that uses the correlation-id middleware. */
export type CorrelationIdEnv = { Variables: CorrelationIdVariables };

/** Options of the correlation-id middleware. */
export interface CorrelationIdOptions {
  /** Header read from the request and echoed on the response; default `X-Correlation-Id`. */
  header?: string;
  /** Makes a new id when the request has none (or a malformed one); default `crypto.randomUUID()`. */
  generate?: () => string;
}

/** Default header carrying the correlation id. */
export const CORRELATION_ID_HEADER = "X-Correlation-Id";

/**
 * Middleware that honours a well-formed incoming correlation id or generates one, stores it as
 * `c.get("correlationId")`, and echoes it on every response, error and 404 responses included, unless the handler
 * already set that header itself.
 */
export function correlationId(options: CorrelationIdOptions = {}): MiddlewareHandler<CorrelationIdEnv> {
  const header = options.header ?? CORRELATION_ID_HEADER;
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function correlationIdMiddleware(c, next) {
    const incoming = correlationIdSchema.safeParse(c.req.header(header));
    const id = incoming.success ? incoming.data : generate();
    c.set("correlationId", id);
    await next();
    // A handler that answers for another correlation id (e.g. central echoing the message's own) keeps its header.
    if (!c.res.headers.has(header)) c.header(header, id);
  };
}
