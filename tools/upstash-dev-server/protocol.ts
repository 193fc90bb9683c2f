import { z } from "zod";
import { err, ok, type Result } from "../../shared/result.js";

/** A command as the backend receives it: upper-cased name, then its arguments as text. */
export type RedisCommand = readonly [name: string, ...args: string[]];

/** Why a request body was rejected; `message` is a Redis-style error line for the `{ error }` reply. */
export interface MalformedRequest {
  code: "malformed_request";
  message: string;
}

/** @upstash/redis sends strings, numbers and booleans as arguments; anything else is a client bug. */
const argumentSchema = z.union([z.string(), z.number(), z.boolean()], {
  error: "every argument must be a string, number or boolean",
});

/** One command: a non-empty JSON array whose first element is the command name. */
export const commandBodySchema = z
  .array(argumentSchema, { error: 'the body must be a JSON array like ["GET", "key"]' })
  .min(1, {
    error: "the command array is empty",
  });

/** A pipeline or transaction: a non-empty JSON array of commands. */
export const commandListBodySchema = z
  .array(commandBodySchema, { error: 'the body must be a JSON array of commands like [["GET", "key"]]' })
  .min(1, { error: "the command list is empty" });

/**
 * Commands the dev server refuses: they change or block the shared connection (the server multiplexes every HTTP
 * request over one Redis connection) or are TCP-only at Upstash too. Use `/multi-exec` instead of MULTI/EXEC.
 */
const REFUSED = new Set([
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SELECT",
  "SWAPDB",
  "QUIT",
  "RESET",
  "HELLO",
  "AUTH",
  "CLIENT",
  "MONITOR",
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "SUNSUBSCRIBE",
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BLMOVE",
  "BLMPOP",
  "BZPOPMIN",
  "BZPOPMAX",
  "BZMPOP",
  "WAIT",
  "WAITAOF",
  "SHUTDOWN",
  "DEBUG",
  "SYNC",
  "PSYNC",
  "REPLICAOF",
  "SLAVEOF",
  "FAILOVER",
]);

/** Null when the dev server runs `name`, else the error line explaining why not. */
export function refusedCommand(name: string): string | null {
  if (!REFUSED.has(name)) return null;
  const hint = name === "MULTI" || name === "EXEC" ? " (POST the commands to /multi-exec instead)" : "";
  return `ERR '${name}' is not allowed over the REST API${hint}`;
}

/** Validates one parsed JSON body as a single command. */
export function parseCommand(body: unknown): Result<RedisCommand, MalformedRequest> {
  const parsed = commandBodySchema.safeParse(body);
  return parsed.success ? ok(normalise(parsed.data)) : err(malformed(parsed.error));
}

/** Validates one parsed JSON body as a list of commands (pipeline or transaction). */
export function parseCommandList(body: unknown): Result<RedisCommand[], MalformedRequest> {
  const parsed = commandListBodySchema.safeParse(body);
  return parsed.success ? ok(parsed.data.map(normalise)) : err(malformed(parsed.error));
}

/** Parses request text as JSON, reporting bad JSON as a malformed request. */
export function parseJson(text: string): Result<unknown, MalformedRequest> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return err({
      code: "malformed_request",
      message: `ERR malformed request body: not JSON (${(error as Error).message})`,
    });
  }
}

function normalise(command: ReadonlyArray<string | number | boolean>): RedisCommand {
  const [name, ...args] = command.map(String) as [string, ...string[]];
  return [name.toUpperCase(), ...args];
}

function malformed(error: z.ZodError): MalformedRequest {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at [${issue.path.join("][")}]` : "";
  return { code: "malformed_request", message: `ERR malformed request body${where}: ${issue?.message ?? "invalid"}` };
}
