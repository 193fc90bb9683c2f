import type { MiddlewareHandler } from "hono";
import { problem, ProblemError } from "../../shared/problem-details.js";
import { secretsEqual } from "../auth/index.js";

/** Middleware admitting only `Authorization: Bearer <token>`; anything else is a 401 `unauthorized` problem. */
export function bearerAuth(token: string, realm: string): MiddlewareHandler {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!match?.[1] || !secretsEqual(match[1], token)) {
      throw new ProblemError(problem("unauthorized", `Send Authorization: Bearer <${realm} token>.`));
    }
    await next();
  };
}
