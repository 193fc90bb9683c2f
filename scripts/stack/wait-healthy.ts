/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitHealthy(options: {
  url: string;
  timeoutMs: number;
  /** Returns a reason when the process behind the URL has exited, so waiting stops at once. */
  exited?: () => string | null;
  intervalMs?: number;
}): Promise<{ ok: true; afterMs: number } | { ok: false; reason: string }> {
  const started = Date.now();
  const interval = options.intervalMs ?? 150;
  let last = "no answer yet";
  while (Date.now() - started < options.timeoutMs) {
    const exited = options.exited?.();
    if (exited) return { ok: false, reason: exited };
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return { ok: true, afterMs: Date.now() - started };
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return { ok: false, reason: `${options.url} not healthy after ${options.timeoutMs} ms (last: ${last})` };
}
