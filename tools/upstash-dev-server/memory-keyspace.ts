/** One stored string and when it expires (epoch ms), or null for never. */
export interface MemoryEntry {
  value: string;
  expiresAt: number | null;
}

/** The memory backend's keyspace: strings only, expired entries dropped when touched. */
export interface MemoryKeyspace {
  /** The live entry at `key`, or null (an expired entry is deleted on the way). */
  entry(key: string): MemoryEntry | null;
  /** Stores `value` at `key`, replacing any entry, expiring at `expiresAt` (epoch ms) or never. */
  put(key: string, value: string, expiresAt: number | null): void;
  /** Deletes `key`; true when a live entry was there. */
  delete(key: string): boolean;
  /** Deletes every key. */
  flush(): void;
  /** The clock the keyspace expires entries by (epoch ms). */
  now(): number;
}

/** Creates an empty keyspace on the given clock. */
export function createMemoryKeyspace(now: () => number = Date.now): MemoryKeyspace {
  const entries = new Map<string, MemoryEntry>();
  const entry = (key: string): MemoryEntry | null => {
    const found = entries.get(key);
    if (!found) return null;
    if (found.expiresAt !== null && found.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return found;
  };
  return {
    entry,
    put: (key, value, expiresAt) => void entries.set(key, { value, expiresAt }),
    delete: (key) => entry(key) !== null && entries.delete(key),
    flush: () => entries.clear(),
    now,
  };
}
