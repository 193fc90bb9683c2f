/** Why a summary cache request on Upstash failed: the cache could not be reached, or it answered nonsense. */
export interface UpstashCacheFailure {
  code: "cache_unavailable" | "cache_corrupt";
  message: string;
}

/**
 * Maps an `@upstash/redis` client error (Node or Workers build) to a failure code. Messages drop the command echo
 * (it would carry personal data); `withCause` appends the underlying cause of an unreachable cache; `cache` names the
 * cache in messages (default "summary cache").
 */
export function classifyUpstashError(
  error: unknown,
  options: { withCause?: boolean; cache?: string } = {},
): UpstashCacheFailure {
  const cache = options.cache ?? "summary cache";
  if (!(error instanceof Error)) return { code: "cache_unavailable", message: `${cache} request failed` };
  const message = error.message.split(", command was:")[0]!.slice(0, 300);
  if (error.name === "UpstashJSONParseError")
    return { code: "cache_corrupt", message: "the cache answered something that is not JSON" };
  if (error.name === "UpstashError" && /WRONGTYPE/.test(message)) return { code: "cache_corrupt", message };
  const cause = options.withCause && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return { code: "cache_unavailable", message: `${cache} unavailable: ${message}${cause}` };
}

/** True when an adapter was given a URL and token to build its own client rather than a ready client. */
export function isUpstashConnection<C extends object>(
  redis: C | { url: string; token: string },
): redis is { url: string; token: string } {
  return typeof (redis as { url?: unknown }).url === "string";
}
