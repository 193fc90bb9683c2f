import type { Result } from "../../shared/result.js";
import type { RedisCommand } from "./protocol.js";
import type { CommandOutcome } from "./reply.js";

/** Why a transaction ran nothing: a command was rejected while queueing (unknown command, wrong arity). */
export interface TransactionAborted {
  code: "transaction_aborted";
  /** The Redis error line, e.g. `EXECABORT Transaction discarded because of previous errors: …`. */
  message: string;
}

/**
 * Port behind the dev server: something that executes Redis commands. Redis error replies are outcomes, never
 * exceptions; a thrown error means the backend itself failed (e.g. the Redis connection is gone).
 */
export interface DevServerBackend {
  /** `redis` (a real Redis through ioredis) or `memory` (the in-process stand-in). */
  readonly kind: "redis" | "memory";
  /** Runs one command. */
  run(command: RedisCommand): Promise<CommandOutcome>;
  /** Runs commands in order, not atomically; one outcome per command. */
  pipeline(commands: readonly RedisCommand[]): Promise<CommandOutcome[]>;
  /** Runs commands as one MULTI/EXEC transaction: all of them with nothing in between, or none when aborted. */
  transaction(commands: readonly RedisCommand[]): Promise<Result<CommandOutcome[], TransactionAborted>>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
