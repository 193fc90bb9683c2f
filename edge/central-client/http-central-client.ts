import type { InboundMessage } from "../../shared/message-envelope.js";
import { problemDetailsSchema, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok } from "../../shared/result.js";
import type { CentralClient, CentralFailure } from "./central-client.js";
import { centralEventStream } from "./central-event-stream.js";

/** Settings of the HTTP adapter of {@link CentralClient}. */
export interface HttpCentralClientOptions {
  /** Central's base URL, e.g. `http://127.0.0.1:8788` (a trailing slash is ignored). */
  baseUrl: string;
  /** Bearer token central expects from the edge. */
  edgeToken: string;
  /** Longest wait for central's response headers, and then for each next event. */
  timeoutMs: number;
  /** The fetch to use; defaults to the global one (tests inject a fake central here). */
  fetch?: typeof fetch;
}

/** Creates the {@link CentralClient} that calls central's `POST /v1/turns` and reads its event stream. */
export function createHttpCentralClient(options: HttpCentralClientOptions): CentralClient {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/turns`;
  return {
    async startTurn(message, { signal } = {}) {
      const request = abortableRequest(options.timeoutMs, signal);
      try {
        const response = await send(url, {
          method: "POST",
          headers: headersFor(message, options.edgeToken),
          body: JSON.stringify(message),
          signal: request.signal,
        });
        if (!response.ok) return err(await failureFrom(response));
        if (!response.body || !isEventStream(response)) {
          await response.body?.cancel().catch(() => undefined);
          return err({ code: "upstream_failed", message: "central answered without an event stream" });
        }
        request.clearTimer();
        return ok(centralEventStream(response.body, { idleTimeoutMs: options.timeoutMs, onEnd: request.finish }));
      } catch (error) {
        if (request.timedOut()) {
          return err({ code: "central_timeout", message: `central did not answer within ${options.timeoutMs} ms` });
        }
        return err({ code: "central_unavailable", message: `central is unreachable (${describe(error)})` });
      } finally {
        if (!request.streaming()) request.finish();
      }
    },
  };
}

function headersFor(message: InboundMessage, edgeToken: string): Record<string, string> {
  return {
    Authorization: `Bearer ${edgeToken}`,
    "Content-Type": "application/json",
    Accept: "text/event-stream",
    "X-Correlation-Id": message.correlationId,
  };
}

/** An AbortController tied to a headers timeout and to the caller's signal. */
function abortableRequest(timeoutMs: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  let streaming = false;
  const onOuterAbort = () => controller.abort(outer?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("central timeout"));
  }, timeoutMs);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    streaming: () => streaming,
    /** The headers arrived: stop the headers timer; the event stream now owns the request. */
    clearTimer() {
      clearTimeout(timer);
      streaming = true;
    },
    /** Releases everything and aborts the request if it is still open. */
    finish() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
      controller.abort(new Error("central request finished"));
    },
  };
}

async function failureFrom(response: Response): Promise<CentralFailure> {
  const centralProblem = await readProblem(response);
  const summary = centralProblem
    ? `${centralProblem.code}: ${centralProblem.detail ?? centralProblem.title}`
    : "no problem body";
  const failure: CentralFailure = {
    code: "upstream_failed",
    message: `central answered ${response.status} (${summary})`,
  };
  return centralProblem ? { ...failure, problem: centralProblem } : failure;
}

async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  try {
    const parsed = problemDetailsSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isEventStream(response: Response): boolean {
  return (response.headers.get("Content-Type") ?? "").toLowerCase().startsWith("text/event-stream");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
