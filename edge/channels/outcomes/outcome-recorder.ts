import { channelOutcomeRecordedSchema, type ChannelOutcome } from "../../../shared/channels/channel-outcome.js";
import { err, ok, type Result } from "../../../shared/result.js";

/**
 * Central did not record the outcome: `record_failed` (unreachable, timed out, a 5xx, credentials: retry later) or
 * `record_refused` (central answered that this outcome can never be recorded — 400, 413, 415, 422: retrying cannot
 * help).
 */
export interface RecordFailure {
  code: "record_failed" | "record_refused";
  message: string;
}

/** Statuses with which central refuses the outcome itself, for good. */
const REFUSED_STATUSES = new Set([400, 413, 415, 422]);

/** Records channel outcomes as events in central's log; recording the same `outcomeId` twice is a no-op. */
export interface ChannelOutcomeRecorder {
  record(outcome: ChannelOutcome): Promise<Result<{ eventId: string; duplicate: boolean }, RecordFailure>>;
}

/** The HTTP {@link ChannelOutcomeRecorder}: `POST <central>/v1/channel-events` with the edge's bearer token. */
export function createHttpOutcomeRecorder(options: {
  baseUrl: string;
  edgeToken: string;
  timeoutMs: number;
  fetch?: (request: Request) => Promise<Response>;
}): ChannelOutcomeRecorder {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/channel-events`;
  return {
    async record(outcome) {
      try {
        const response = await send(
          new Request(url, {
            method: "POST",
            headers: {
              Authorization: `Bearer ${options.edgeToken}`,
              "Content-Type": "application/json",
              "X-Correlation-Id": outcome.correlationId,
            },
            body: JSON.stringify(outcome),
            signal: AbortSignal.timeout(options.timeoutMs),
          }),
        );
        const body: unknown = await response.json().catch(() => null);
        if (!response.ok) {
          const code = REFUSED_STATUSES.has(response.status) ? "record_refused" : "record_failed";
          return err({ code, message: `central answered ${response.status}` });
        }
        const parsed = channelOutcomeRecordedSchema.safeParse(body);
        return parsed.success
          ? ok(parsed.data)
          : err({ code: "record_failed", message: "central's answer is not an event receipt" });
      } catch (error) {
        return err({
          code: "record_failed",
          message: `central is unreachable (${error instanceof Error ? error.message : String(error)})`,
        });
      }
    },
  };
}

/** An in-memory recorder (a fake for tests): keeps outcomes by `outcomeId`; `failing` makes it refuse. */
export function createInMemoryOutcomeRecorder(): ChannelOutcomeRecorder & {
  outcomes: ChannelOutcome[];
  failing: boolean;
} {
  const seen = new Map<string, ChannelOutcome>();
  const recorder = {
    outcomes: [] as ChannelOutcome[],
    failing: false,
    async record(outcome: ChannelOutcome) {
      if (recorder.failing) return err({ code: "record_failed" as const, message: "central is down (fake)" });
      const duplicate = seen.has(outcome.outcomeId);
      if (!duplicate) {
        seen.set(outcome.outcomeId, outcome);
        recorder.outcomes.push(outcome);
      }
      return ok({ eventId: crypto.randomUUID(), duplicate });
    },
  };
  return recorder;
}
