import { err, ok } from "../../shared/result.js";
import type { DevServerBackend } from "./backend.js";
import { arityFits, MEMORY_COMMANDS, wrongArity, type MemoryCommand } from "./memory-commands.js";
import { createMemoryKeyspace } from "./memory-keyspace.js";
import { createScriptCommands, type MemoryScript } from "./memory-scripts.js";
import type { RedisCommand } from "./protocol.js";
import { failed, type CommandOutcome } from "./reply.js";

/** Options of the memory backend: scripts it can run through EVAL/EVALSHA, and the clock TTLs use. */
export interface MemoryBackendOptions {
  scripts?: readonly MemoryScript[];
  now?: () => number;
}

/**
 * The `memory` backend: an in-process stand-in for Redis, NOT Redis. It keeps strings only and runs GET, SET
 * (EX/PX/NX/XX), DEL, EXISTS, EXPIRE, TTL, PTTL, INCR, MGET, PING, FLUSHDB, and EVAL/EVALSHA for scripts registered
 * with a JS implementation; anything else answers `ERR unsupported by the memory backend`. Data lives only as long as
 * the process. Commands run synchronously, so every transaction is atomic.
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): DevServerBackend {
  const keyspace = createMemoryKeyspace(options.now);
  const commands: Readonly<Record<string, MemoryCommand>> = {
    ...MEMORY_COMMANDS,
    ...createScriptCommands(options.scripts ?? []),
  };

  /** Queue-time check, as Redis does when a command is queued in MULTI: known command, right arity. */
  const check = ([name, ...args]: RedisCommand): CommandOutcome | null => {
    const command = commands[name];
    if (!command) {
      const supported = Object.keys(commands).join(", ");
      return failed(
        `ERR unsupported by the memory backend: '${name}' (it runs ${supported}; use --backend redis for the rest)`,
      );
    }
    return arityFits(command.arity, args) ? null : wrongArity(name);
  };
  const runNow = (command: RedisCommand): CommandOutcome => {
    const problem = check(command);
    if (problem) return problem;
    const [name, ...args] = command;
    return commands[name]!.run(keyspace, args);
  };

  return {
    kind: "memory",
    run: async (command) => runNow(command),
    pipeline: async (list) => list.map(runNow),
    async transaction(list) {
      const rejected = list.map(check).find((problem) => problem !== null);
      if (rejected && !rejected.ok) {
        return err({
          code: "transaction_aborted",
          message: `EXECABORT Transaction discarded because of previous errors: ${rejected.error}`,
        });
      }
      return ok(list.map(runNow));
    },
    close: async () => keyspace.flush(),
  };
}
