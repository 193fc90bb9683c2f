/** What one step of a loop reports: more work is waiting (`busy`, run again at once) or not (`idle`, wait). */
export type StepOutcome = "busy" | "idle";

/** A failed step, reported before the loop retries it. */
export interface LoopFailure {
  name: string;
  /** Consecutive failures so far (1 for the first). */
  attempt: number;
  error: unknown;
  retryInMs: number;
}

/** Options of {@link createPollingLoop}. */
export interface PollingLoopOptions {
  name: string;
  /** One unit of work. A throw is reported and the same step is retried after a backoff: work is never skipped. */
  step(): Promise<StepOutcome>;
  /** Wait after an idle step (a `wake()` cuts it short). */
  pollMs: number;
  /** Exponential backoff after failures (default 100 ms doubling up to 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  onError?(failure: LoopFailure): void;
  /** Called once when a step succeeds after failures. */
  onRecovered?(name: string, failedAttempts: number): void;
}

/** A background loop; `stop()` resolves once the step in progress (if any) has finished. */
export interface PollingLoop {
  start(): void;
  /** Ends the current wait so the next step runs now. */
  wake(): void;
  stop(): Promise<void>;
}

/** The delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, backoff: { initialMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt - 1, 30));
}

/** Runs `step` repeatedly: at once while busy, every `pollMs` when idle, with backoff and reports on failure. */
export function createPollingLoop(options: PollingLoopOptions): PollingLoop {
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 30_000 };
  let stopped = false;
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** A wake() that came while a step was running: the next wait is skipped. */
  let woken = false;

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      wakeUp = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        wakeUp = null;
        resolve();
      };
      timer = setTimeout(() => wakeUp?.(), ms);
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      let wait: number;
      try {
        const outcome = await options.step();
        if (failures > 0) options.onRecovered?.(options.name, failures);
        failures = 0;
        wait = outcome === "busy" ? 0 : options.pollMs;
      } catch (error) {
        failures++;
        wait = backoffDelay(failures, backoff);
        options.onError?.({ name: options.name, attempt: failures, error, retryInMs: wait });
      }
      if (stopped) break;
      if (woken && failures === 0) wait = 0;
      woken = false;
      if (wait > 0) await pause(wait);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  return {
    start() {
      if (running || stopped) return;
      running = run();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
  };
}
