import { problem, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok, type Result } from "../../shared/result.js";
import { DEFAULT_WEB_RATE_LIMITS, type WebTenantConfig } from "../../shared/web-config.js";
import type { ChannelStateStore } from "../channels/delivery/channel-state.js";

/** Per-tenant and per-visitor message limits of the web channel. */
export interface WebRateLimiter {
  /**
   * Counts one message under each visitor key (e.g. its conversation and its client IP), then — only when every
   * visitor is within its limit — under the tenant; a `rate_limited` problem (429, `retryAfterSeconds`) when a limit
   * is exceeded. A refused visitor's message never counts against the tenant.
   */
  admit(
    scope: { tenantId: string; visitorKeys?: readonly string[] },
    config?: WebTenantConfig,
  ): Promise<Result<void, ProblemDetails>>;
}

/**
 * Creates the limiter: fixed windows counted in the shared store (INCR + EXPIRE in one transaction, so limits hold
 * across isolates). When the store is unreachable the message is admitted (the limit protects capacity; refusing
 * every visitor because Redis blinked would be worse) and the failure is logged.
 */
export function createWebRateLimiter(deps: { state: ChannelStateStore; now?: () => Date }): WebRateLimiter {
  const now = deps.now ?? (() => new Date());
  return {
    async admit({ tenantId, visitorKeys = [] }, config) {
      const limits = { ...DEFAULT_WEB_RATE_LIMITS, ...config?.rateLimits };
      const at = now().getTime();
      const windowMs = limits.windowSeconds * 1000;
      const window = Math.floor(at / windowMs);
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - at) / 1000));
      const checks: [string, number | undefined, string][] = [
        ...visitorKeys.map((visitorKey): [string, number | undefined, string] => [
          `frontdesk:web:rate:visitor:${tenantId}:${visitorKey}:${window}`,
          limits.perVisitor,
          "your",
        ]),
        [`frontdesk:web:rate:tenant:${tenantId}:${window}`, limits.perTenant, "this site's"],
      ];
      for (const [key, limit, whose] of checks) {
        if (limit === undefined) continue;
        const count = await deps.state.increment(key, limits.windowSeconds + 1);
        if (!count.ok) {
          console.error(`web rate limit not counted (${count.error.message}); message admitted`);
          continue;
        }
        if (count.value > limit)
          return err(problem("rate_limited", `${whose} message limit is reached`, { retryAfterSeconds }));
      }
      return ok(undefined);
    },
  };
}

/**
 * The rate-limit key of a client IP (`CF-Connecting-IP`): `ip:<IPv4>`, or for IPv6 `ip6:<first four groups>` — its
 * /64, the block one subscriber usually holds, so rotating addresses inside it does not escape the limit.
 */
export function clientIpKey(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (!address.includes(":")) return `ip:${address}`;
  const [head = "", tail] = address.split("::", 2);
  const groupsOf = (part: string) =>
    part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `ip6:${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}`;
}
