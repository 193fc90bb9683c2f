import { problem, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok, type Result } from "../../shared/result.js";
import { DEFAULT_WEB_RATE_LIMITS, type WebTenantConfig } from "../../shared/web-config.js";
import type { ChannelStateStore } from "../channels/delivery/channel-state.js";

/** Per-tenant and per-visitor message limits of the web channel. */
export interface WebRateLimiter {
  /** Counts one message; a `rate_limited` problem (429, `retryAfterSeconds`) when a limit is exceeded. */
  admit(
    scope: { tenantId: string; visitorKey?: string },
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
    async admit({ tenantId, visitorKey }, config) {
      const limits = { ...DEFAULT_WEB_RATE_LIMITS, ...config?.rateLimits };
      const at = now().getTime();
      const windowMs = limits.windowSeconds * 1000;
      const window = Math.floor(at / windowMs);
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - at) / 1000));
      const checks: [string, number | undefined][] = [
        [`frontdesk:web:rate:tenant:${tenantId}:${window}`, limits.perTenant],
        [
          `frontdesk:web:rate:visitor:${tenantId}:${visitorKey ?? ""}:${window}`,
          visitorKey ? limits.perVisitor : undefined,
        ],
      ];
      for (const [key, limit] of checks) {
        if (limit === undefined) continue;
        const count = await deps.state.increment(key, limits.windowSeconds + 1);
        if (!count.ok) {
          console.error(`web rate limit not counted (${count.error.message}); message admitted`);
          continue;
        }
        if (count.value > limit) {
          const which = key.includes(":tenant:") ? "this site's" : "your";
          return err(problem("rate_limited", `${which} message limit is reached`, { retryAfterSeconds }));
        }
      }
      return ok(undefined);
    },
  };
}
