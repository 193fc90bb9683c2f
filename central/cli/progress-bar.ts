/** What a progress line shows. */
export interface ProgressState {
  label: string;
  /** Last global position processed, and the log's head when the work started. */
  position: number;
  head: number;
  /** Events processed so far, and in how long. */
  events: number;
  elapsedMs: number;
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `1.2 s`, `3 min 4 s`: a duration for people. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Events per second so far (0 before any time has passed). */
export function eventsPerSecond(events: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (events * 1000) / elapsedMs : 0;
}

/** One progress line: `label [#####-----] 50% 5,000/10,000 · 12,345 events/s · ETA 0.4 s`. */
export function renderProgress(state: ProgressState, width = 24): string {
  const ratio = state.head > 0 ? Math.min(1, state.position / state.head) : 1;
  const filled = Math.round(ratio * width);
  const rate = eventsPerSecond(state.events, state.elapsedMs);
  const remaining = Math.max(0, state.head - state.position);
  const eta = remaining === 0 ? 0 : rate > 0 ? (remaining / rate) * 1000 : Number.POSITIVE_INFINITY;
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(ratio * 100)}%`;
  const where = `${number.format(state.position)}/${number.format(state.head)}`;
  return `${state.label} ${bar} ${where} · ${number.format(rate)} events/s · ETA ${formatDuration(eta)}`;
}

/** Draws progress on a terminal (redrawn in place, at most every `intervalMs`) or as occasional plain lines. */
export function createProgressReporter(
  write: (text: string) => void,
  options: { tty: boolean; intervalMs?: number; now?: () => number },
) {
  const interval = options.intervalMs ?? (options.tty ? 100 : 2000);
  const now = options.now ?? (() => performance.now());
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    /** Shows the state unless the last one was drawn less than the interval ago. */
    update(state: ProgressState): void {
      if (now() - last < interval) return;
      last = now();
      drawn = true;
      write(options.tty ? `\r\x1b[2K${renderProgress(state)}` : `${renderProgress(state)}\n`);
    },
    /** Clears the bar (terminal) before the summary line. */
    done(): void {
      if (options.tty && drawn) write("\r\x1b[2K");
      drawn = false;
      last = Number.NEGATIVE_INFINITY;
    },
  };
}
