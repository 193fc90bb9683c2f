import type { MemoryKeyspace } from "./memory-keyspace.js";
import { failed, replied, type CommandOutcome } from "./reply.js";

/** One command of the memory backend: Redis-style arity (name included; negative = at least) and its behaviour. */
export interface MemoryCommand {
  arity: number;
  run(keyspace: MemoryKeyspace, args: readonly string[]): CommandOutcome;
}

const NOT_INTEGER = "ERR value is not an integer or out of range";
const SYNTAX = "ERR syntax error";

/** The string-keyspace commands the memory backend implements (EVAL/EVALSHA live in memory-scripts.ts). */
export const MEMORY_COMMANDS: Readonly<Record<string, MemoryCommand>> = {
  PING: { arity: -1, run: (_keyspace, args) => (args.length > 1 ? wrongArity("ping") : replied(args[0] ?? "PONG")) },
  GET: { arity: 2, run: (keyspace, [key]) => replied(keyspace.entry(key!)?.value ?? null) },
  MGET: { arity: -2, run: (keyspace, keys) => replied(keys.map((key) => keyspace.entry(key)?.value ?? null)) },
  SET: { arity: -3, run: runSet },
  DEL: { arity: -2, run: (keyspace, keys) => replied(keys.filter((key) => keyspace.delete(key)).length) },
  EXISTS: { arity: -2, run: (keyspace, keys) => replied(keys.filter((key) => keyspace.entry(key) !== null).length) },
  EXPIRE: { arity: -3, run: runExpire },
  TTL: { arity: 2, run: (keyspace, [key]) => replied(timeToLive(keyspace, key!, 1000)) },
  PTTL: { arity: 2, run: (keyspace, [key]) => replied(timeToLive(keyspace, key!, 1)) },
  INCR: { arity: 2, run: runIncr },
  FLUSHDB: {
    arity: -1,
    run: (keyspace, args) => {
      if (args.length > 1 || (args[0] && !/^(ASYNC|SYNC)$/i.test(args[0]))) return failed(SYNTAX);
      keyspace.flush();
      return replied("OK");
    },
  },
};

/** Redis's error for a wrong argument count (it names the command in lower case). */
export function wrongArity(name: string): CommandOutcome {
  return failed(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

/** True when `args` (name excluded) fits a Redis-style arity. */
export function arityFits(arity: number, args: readonly string[]): boolean {
  const count = args.length + 1;
  return arity >= 0 ? count === arity : count >= -arity;
}

/** Parses a Redis integer argument. */
export function parseInteger(text: string): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function runSet(keyspace: MemoryKeyspace, args: readonly string[]): CommandOutcome {
  const [key, value, ...options] = args as [string, string, ...string[]];
  let expiresAt: number | null = null;
  let expirySet = false;
  let condition: "NX" | "XX" | null = null;
  for (let index = 0; index < options.length; index += 1) {
    const option = options[index]!.toUpperCase();
    if (option === "NX" || option === "XX") {
      if (condition !== null && condition !== option) return failed(SYNTAX);
      condition = option;
    } else if (option === "EX" || option === "PX") {
      const amount = options[index + 1];
      if (amount === undefined || expirySet) return failed(SYNTAX);
      const parsed = parseInteger(amount);
      if (parsed === null) return failed(NOT_INTEGER);
      if (parsed <= 0) return failed("ERR invalid expire time in 'set' command");
      expiresAt = keyspace.now() + parsed * (option === "EX" ? 1000 : 1);
      expirySet = true;
      index += 1;
    } else if (["GET", "KEEPTTL", "EXAT", "PXAT"].includes(option)) {
      return failed(`ERR unsupported by the memory backend: SET option '${option}' (use --backend redis)`);
    } else {
      return failed(SYNTAX);
    }
  }
  const exists = keyspace.entry(key) !== null;
  if ((condition === "NX" && exists) || (condition === "XX" && !exists)) return replied(null);
  keyspace.put(key, value, expiresAt);
  return replied("OK");
}

function runExpire(keyspace: MemoryKeyspace, args: readonly string[]): CommandOutcome {
  const [key, seconds, ...options] = args as [string, string, ...string[]];
  if (options.length > 0)
    return failed(`ERR unsupported by the memory backend: EXPIRE option '${options[0]}' (use --backend redis)`);
  const parsed = parseInteger(seconds);
  if (parsed === null) return failed(NOT_INTEGER);
  const entry = keyspace.entry(key);
  if (!entry) return replied(0);
  if (parsed <= 0) keyspace.delete(key);
  else keyspace.put(key, entry.value, keyspace.now() + parsed * 1000);
  return replied(1);
}

function timeToLive(keyspace: MemoryKeyspace, key: string, unitMs: number): number {
  const entry = keyspace.entry(key);
  if (!entry) return -2;
  if (entry.expiresAt === null) return -1;
  const remaining = entry.expiresAt - keyspace.now();
  return unitMs === 1 ? remaining : Math.floor((remaining + 500) / 1000); // Redis rounds TTL to the nearest second
}

function runIncr(keyspace: MemoryKeyspace, [key]: readonly string[]): CommandOutcome {
  const entry = keyspace.entry(key!);
  const current = entry ? parseInteger(entry.value) : 0;
  if (current === null) return failed(NOT_INTEGER);
  const next = current + 1;
  if (!Number.isSafeInteger(next)) return failed("ERR increment or decrement would overflow");
  keyspace.put(key!, String(next), entry?.expiresAt ?? null);
  return replied(next);
}
