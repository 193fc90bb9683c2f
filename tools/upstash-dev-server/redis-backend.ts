import { Redis } from "ioredis";
import { redactUrl } from "../../shared/redact-url.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { DevServerBackend } from "./backend.js";
import type { RedisCommand } from "./protocol.js";
import { failed, replied, type CommandOutcome, type RedisReply } from "./reply.js";

/** Where the redis backend connects when no URL is given. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Why the redis backend could not start. */
export interface RedisBackendUnavailable {
  code: "backend_unavailable";
  message: string;
}

/**
 * The `redis` backend: forwards commands to a real Redis over one ioredis connection. It speaks RESP2 (as Upstash's
 * REST replies do), sends upper-cased command names through `callBuffer` so ioredis neither reshapes replies (it
 * rewrites e.g. `hgetall`) nor decodes bytes, and runs `/multi-exec` as a real MULTI/EXEC.
 */
export async function createRedisBackend(
  options: { url?: string; connectTimeoutMs?: number } = {},
): Promise<Result<DevServerBackend, RedisBackendUnavailable>> {
  const url = options.url ?? DEFAULT_REDIS_URL;
  const redis = new Redis(url, {
    protocol: 2,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on("error", () => {}); // surfaced per request; keep ioredis from printing unhandled-error warnings
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    return err({
      code: "backend_unavailable",
      message: `Redis not reachable at ${redactUrl(url)}: ${(error as Error).message}`,
    });
  }

  const run = async ([name, ...args]: RedisCommand): Promise<CommandOutcome> => {
    try {
      return replied((await redis.callBuffer(name, ...args)) as RedisReply);
    } catch (error) {
      return asOutcome(error);
    }
  };

  return ok({
    kind: "redis",
    run,
    async pipeline(commands) {
      const batch = redis.pipeline();
      for (const [name, ...args] of commands) batch.callBuffer(name, ...args);
      const results = (await batch.exec()) ?? [];
      return results.map(([error, reply]) => (error ? asOutcome(error) : replied(reply as RedisReply)));
    },
    async transaction(commands) {
      const multi = redis.multi();
      for (const [name, ...args] of commands) multi.callBuffer(name, ...args);
      try {
        const results = (await multi.exec()) ?? [];
        return ok(results.map(([error, reply]) => (error ? asOutcome(error) : replied(reply as RedisReply))));
      } catch (error) {
        if (!isReplyError(error)) throw error;
        const causes = (error as { previousErrors?: Error[] }).previousErrors?.map((cause) => cause.message) ?? [];
        const message = [error.message.replace(/\.$/, ""), ...causes].join(": ");
        return err({ code: "transaction_aborted", message });
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  });
}

/** A Redis error reply becomes an outcome; anything else (connection lost, timeout) is a backend failure. */
function asOutcome(error: unknown): CommandOutcome {
  if (isReplyError(error)) return failed(error.message);
  throw error;
}

function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}
