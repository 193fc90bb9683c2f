import { runVersionGuardedSet, VERSION_GUARDED_SET_LUA } from "../../shared/version-guarded-set.js";
import type { MemoryScript } from "./memory-scripts.js";

/** The summary cache's version-guarded set, runnable by the memory backend (same source, same rule in JS). */
export const versionGuardedSetScript: MemoryScript = {
  source: VERSION_GUARDED_SET_LUA,
  run(keyspace, [key], [json, version, ttlSeconds]) {
    if (key === undefined || json === undefined || version === undefined || ttlSeconds === undefined) {
      throw new Error("expects 1 key and 3 arguments (json, version, ttlSeconds)");
    }
    const store = { get: keyspace.get, set: (k: string, value: string, ttl: number) => keyspace.set(k, value, ttl) };
    return runVersionGuardedSet(store, key, json, Number(version), Number(ttlSeconds));
  },
};

/** Every Lua script of the project the memory backend knows how to run. */
export const PROJECT_SCRIPTS: readonly MemoryScript[] = [versionGuardedSetScript];
