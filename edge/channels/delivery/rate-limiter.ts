import { err, ok, type Result } from "../../../shared/result.js";
import type { ChannelStateStore, StateStoreFailure } from "./channel-state.js";

/** No slot within the longest wait: try again after `retryAfterSeconds`. */
export interface RateLimited {
  code: "rate_limited";
  retryAfterSeconds: number;
}

/**
 * Per-(tenant, channel) send rate limit: a fixed one-second window counted in the shared store, so it holds across
 * isolates.
 */
export interface SendRateLimiter {
  /** Waits for a slot (up to the longest wait) and takes it. */
  acquire(scope: string, perSecond: number): Promise<Result<void, RateLimited | StateStoreFailure>>;
}

/** Creates the {@link SendRateLimiter}; the clock and sleep are injectable for tests. */
export function createSendRateLimiter(deps: {
  state: ChannelStateStore;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Longest time one acquire waits for a slot before giving up (default 3 s). */
  maxWaitMs?: number;
}): SendRateLimiter {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWaitMs = deps.maxWaitMs ?? 3000;
  return {
    async acquire(scope, perSecond) {
      const started = now().getTime();
      for (;;) {
        const at = now().getTime();
        const window = Math.floor(at / 1000);
        const count = await deps.state.increment(`frontdesk:channels:rate:${scope}:${window}`, 5);
        if (!count.ok) return count;
        if (count.value <= perSecond) return ok(undefined);
        const untilNext = (window + 1) * 1000 - at;
        if (at + untilNext - started > maxWaitMs) return err({ code: "rate_limited", retryAfterSeconds: 1 });
        await sleep(untilNext);
      }
    },
  };
}
