import { Redis } from "@upstash/redis/cloudflare";
import { err, ok, type Result } from "../../../shared/result.js";

/** The shared store could not be reached or refused the command. */
export interface StateStoreFailure {
  code: "state_unavailable";
  message: string;
}

/**
 * Small atomic operations on a store shared by every isolate (Redis through Upstash REST): the webhook de-duplication
 * claim (`SET NX EX`), the reply-sending claim and the per-channel rate-limit windows.
 */
export interface ChannelStateStore {
  /** Sets `key` to `value` for `ttlSeconds` only if it is absent; true when this call set it. */
  claim(key: string, value: string, ttlSeconds: number): Promise<Result<boolean, StateStoreFailure>>;
  get(key: string): Promise<Result<string | null, StateStoreFailure>>;
  /** Sets `key` (overwriting) for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<Result<void, StateStoreFailure>>;
  release(key: string): Promise<Result<void, StateStoreFailure>>;
  /** Increments a counter and (re)sets its TTL; returns the new count. */
  increment(key: string, ttlSeconds: number): Promise<Result<number, StateStoreFailure>>;
}

/**
 * Creates the {@link ChannelStateStore} on Upstash Redis (REST, fetch-based: runs in workerd); `keyPrefix` namespaces
 * every key.
 */
export function createUpstashChannelState(connection: {
  url: string;
  token: string;
  timeoutMs?: number;
  keyPrefix?: string;
}): ChannelStateStore {
  const prefix = connection.keyPrefix ?? "";
  const redis = new Redis({
    url: connection.url,
    token: connection.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    readYourWrites: false,
    retry: { retries: 2, backoff: (attempt) => 20 * 2 ** attempt },
    signal: () => AbortSignal.timeout(connection.timeoutMs ?? 2000),
  });
  const attempt = async <T>(run: () => Promise<T>): Promise<Result<T, StateStoreFailure>> => {
    try {
      return ok(await run());
    } catch (error) {
      const message =
        error instanceof Error ? error.message.split(", command was:")[0]!.slice(0, 200) : "request failed";
      return err({ code: "state_unavailable", message: `channel state store: ${message}` });
    }
  };
  return {
    claim: (key, value, ttlSeconds) =>
      attempt(async () => (await redis.set(prefix + key, value, { nx: true, ex: ttlSeconds })) === "OK"),
    get: (key) => attempt(() => redis.get<string>(prefix + key)),
    set: (key, value, ttlSeconds) =>
      attempt(async () => void (await redis.set(prefix + key, value, { ex: ttlSeconds }))),
    release: (key) => attempt(async () => void (await redis.del(prefix + key))),
    // INCR and EXPIRE in one transaction: one round trip, and no counter left without a TTL if the second command
    // fails.
    increment: (key, ttlSeconds) =>
      attempt(async () => {
        const [count] = await redis
          .multi()
          .incr(prefix + key)
          .expire(prefix + key, ttlSeconds)
          .exec<[number, number]>();
        return count;
      }),
  };
}

/** An in-memory {@link ChannelStateStore} (a fake for tests; one isolate only). `failing` makes every call fail. */
export function createInMemoryChannelState(
  now: () => Date = () => new Date(),
): ChannelStateStore & { failing: boolean; keys(): string[] } {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now().getTime()) entries.delete(key);
    return entries.get(key);
  };
  const store = {
    failing: false,
    keys: () => [...entries.keys()].filter((key) => live(key)),
    async claim(key: string, value: string, ttlSeconds: number) {
      if (store.failing) return down();
      if (live(key)) return ok(false);
      entries.set(key, { value, expiresAt: now().getTime() + ttlSeconds * 1000 });
      return ok(true);
    },
    async get(key: string) {
      return store.failing ? down() : ok(live(key)?.value ?? null);
    },
    async set(key: string, value: string, ttlSeconds: number) {
      if (store.failing) return down();
      entries.set(key, { value, expiresAt: now().getTime() + ttlSeconds * 1000 });
      return ok(undefined);
    },
    async release(key: string) {
      if (store.failing) return down();
      entries.delete(key);
      return ok(undefined);
    },
    async increment(key: string, ttlSeconds: number) {
      if (store.failing) return down();
      const count = Number(live(key)?.value ?? "0") + 1;
      entries.set(key, { value: String(count), expiresAt: now().getTime() + ttlSeconds * 1000 });
      return ok(count);
    },
  };
  return store;
}

function down(): { ok: false; error: StateStoreFailure } {
  return err({ code: "state_unavailable", message: "channel state store: unavailable (fake)" });
}
