import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { problem, ProblemError } from "../../shared/problem-details.js";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Compares two secrets in time independent of where they differ (digests make the lengths equal). */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

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
