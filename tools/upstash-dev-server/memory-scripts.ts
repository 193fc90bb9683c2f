import { createHash } from "node:crypto";
import { parseInteger, type MemoryCommand } from "./memory-commands.js";
import type { MemoryKeyspace } from "./memory-keyspace.js";
import { failed, replied, type CommandOutcome, type RedisReply } from "./reply.js";

/** What a script's JS implementation may do to the memory keyspace. */
export interface ScriptKeyspace {
  get(key: string): string | null;
  /** Stores a string, with a TTL in seconds or none. */
  set(key: string, value: string, ttlSeconds: number | null): void;
  del(key: string): boolean;
}

/**
 * A Lua script the memory backend can "run": the exact source clients send with EVAL (its SHA-1 is what EVALSHA
 * names) and a JS implementation of the same behaviour. The memory backend has no Lua interpreter.
 */
export interface MemoryScript {
  source: string;
  run(keyspace: ScriptKeyspace, keys: readonly string[], args: readonly string[]): RedisReply;
}

/** SHA-1 of a script's source, as Redis computes it for EVALSHA. */
export function scriptSha1(source: string): string {
  return createHash("sha1").update(source, "utf8").digest("hex");
}

/**
 * EVAL and EVALSHA for registered scripts only. Like Redis, EVALSHA answers NOSCRIPT until the script has been
 * sent once with EVAL (so clients exercise their EVALSHA → EVAL fallback); an unregistered script is refused.
 */
export function createScriptCommands(scripts: readonly MemoryScript[]): Record<"EVAL" | "EVALSHA", MemoryCommand> {
  const registered = new Map(scripts.map((script) => [scriptSha1(script.source), script]));
  const loaded = new Set<string>();

  const invoke = (keyspace: MemoryKeyspace, sha: string, args: readonly string[]): CommandOutcome => {
    const [numKeysText, ...rest] = args as [string, ...string[]];
    const numKeys = parseInteger(numKeysText);
    if (numKeys === null) return failed("ERR value is not an integer or out of range");
    if (numKeys < 0) return failed("ERR Number of keys can't be negative");
    if (numKeys > rest.length) return failed("ERR Number of keys can't be greater than number of args");
    const script = registered.get(sha)!;
    try {
      return replied(script.run(scriptKeyspace(keyspace), rest.slice(0, numKeys), rest.slice(numKeys)));
    } catch (error) {
      return failed(
        `ERR Error running script (memory backend JS implementation of ${sha}): ${(error as Error).message}`,
      );
    }
  };

  return {
    EVAL: {
      arity: -3,
      run(keyspace, [source, ...args]) {
        const sha = scriptSha1(source!);
        if (!registered.has(sha)) {
          return failed(
            "ERR unsupported by the memory backend: " +
              `EVAL of a script with no registered JS implementation (sha1 ${sha}); ` +
              "register it with the memory backend or use --backend redis",
          );
        }
        loaded.add(sha);
        return invoke(keyspace, sha, args);
      },
    },
    EVALSHA: {
      arity: -3,
      run(keyspace, [shaText, ...args]) {
        const sha = shaText!.toLowerCase();
        if (!loaded.has(sha)) return failed("NOSCRIPT No matching script. Please use EVAL.");
        return invoke(keyspace, sha, args);
      },
    },
  };
}

function scriptKeyspace(keyspace: MemoryKeyspace): ScriptKeyspace {
  return {
    get: (key) => keyspace.entry(key)?.value ?? null,
    set: (key, value, ttlSeconds) =>
      keyspace.put(key, value, ttlSeconds === null ? null : keyspace.now() + ttlSeconds * 1000),
    del: (key) => keyspace.delete(key),
  };
}
