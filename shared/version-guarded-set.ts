/**
 * The atomic write behind `SummaryCache.publish` on Redis: store the summary JSON with a TTL unless the stored
 * summary's `version` is equal or higher. KEYS[1] = the key; ARGV[1] = the summary JSON, ARGV[2] = its version,
 * ARGV[3] = the TTL in seconds. Returns 1 when written, 0 when kept. An unreadable stored value is replaced.
 */
export const VERSION_GUARDED_SET_LUA = `local current = redis.call('GET', KEYS[1])
if current then
  local readable, stored = pcall(cjson.decode, current)
  if readable and type(stored) == 'table' and type(stored['version']) == 'number'
    and stored['version'] >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
return 1
`;

/** The little a store must offer to run the version-guarded set without Lua. */
export interface VersionGuardStore {
  get(key: string): string | null;
  set(key: string, value: string, ttlSeconds: number): void;
}

/** The `version` inside stored summary JSON, or null when the value is absent or unreadable. */
export function storedVersion(json: string | null): number | null {
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
    const version = (parsed as { version?: unknown }).version;
    return typeof version === "number" ? version : null;
  } catch {
    return null;
  }
}

/** The Lua script's rule in JS, for in-process stand-ins (the dev server's memory backend). Returns 1 or 0 likewise. */
export function runVersionGuardedSet(
  store: VersionGuardStore,
  key: string,
  json: string,
  version: number,
  ttlSeconds: number,
): 0 | 1 {
  const current = storedVersion(store.get(key));
  if (current !== null && current >= version) return 0;
  store.set(key, json, ttlSeconds);
  return 1;
}
