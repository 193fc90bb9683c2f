/** Abort plumbing and HTTP bookkeeping for one attempt of a model call. */
export interface AttemptScope {
  /** Aborted when the caller aborts, when the attempt times out, or when the scope is closed. */
  readonly signal: AbortSignal;
  /** A `fetch` for the SDK that counts the HTTP requests it sends and keeps the last Retry-After header. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** (Re)starts the deadline: `timeoutMs` from now. */
  arm(): void;
  /** Stops the deadline (while the consumer holds a chunk, which is not the upstream's time). */
  pause(): void;
  /** True when this attempt was ended by its deadline. */
  timedOut(): boolean;
  /** True when the caller's signal ended this attempt. */
  callerAborted(): boolean;
  /** HTTP requests sent through `fetch`. */
  httpRequests(): number;
  /** The Retry-After header of the last response, if it had one. */
  retryAfterHeader(): string | null;
  /**
   * Settles like `promise`, or rejects as soon as the attempt is aborted. Undici (Node 20) can leave a body read
   * pending forever when the request is aborted after the whole body arrived, so reads are not trusted to end.
   */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Stops timers, detaches from the caller's signal and aborts whatever is still in flight. */
  close(): void;
}

/** Opens an attempt whose deadline is armed at once; the deadline restarts with every `arm()`. */
export function openAttemptScope(options: { timeoutMs: number; callerSignal?: AbortSignal }): AttemptScope {
  const controller = new AbortController();
  const { timeoutMs, callerSignal } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  let requests = 0;
  let retryAfter: string | null = null;

  const onCallerAbort = () => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

  const pause = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    pause();
    timer = setTimeout(() => {
      expired = true;
      controller.abort();
    }, timeoutMs);
  };
  arm();

  return {
    signal: controller.signal,
    fetch: async (input, init) => {
      requests += 1;
      const response = await fetch(input, init);
      retryAfter = response.headers.get("retry-after");
      return response;
    },
    arm,
    pause,
    timedOut: () => expired,
    callerAborted: () => !expired && callerSignal?.aborted === true,
    httpRequests: () => requests,
    retryAfterHeader: () => retryAfter,
    race: (promise) => raceAbort(promise, controller.signal),
    close: () => {
      pause();
      callerSignal?.removeEventListener("abort", onCallerAbort);
      controller.abort();
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException("The attempt was aborted.", "AbortError"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
