import { Redis } from "@upstash/redis";

/** Central's Upstash client: raw strings, a network failure retried twice quickly, given up after `timeoutMs`. */
export function createUpstashCacheClient(connection: { url: string; token: string }, timeoutMs: number): Redis {
  return new Redis({
    url: connection.url,
    token: connection.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: 2, backoff: (attempt) => 50 * 2 ** attempt },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}
