import type { NewEvent } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import { foldEvents, type Decider, type StateEvolution } from "./decider.js";
import type { AppendSuccess, EventStore, StreamConflict } from "./event-store.js";
import { readStreamOrEmpty } from "./read-stream-events.js";
import { parseRecordedEvent, type RecordedEvent } from "./recorded-event.js";

/** How many times a command is tried again after a version conflict, by default. */
export const DEFAULT_COMMAND_RETRIES = 3;

/** The base of the pause before a retry, by default (ms). */
export const DEFAULT_RETRY_BACKOFF_MS = 10;

/** The longest pause before a retry (ms). */
const MAX_RETRY_PAUSE_MS = 500;

/** Options of {@link handleCommand}. */
export interface HandleCommandOptions {
  /**
   * Attempts after the first, each after a version conflict: read again, decide again on what the stream now says,
   * append again (default {@link DEFAULT_COMMAND_RETRIES}). After the last, the conflict is returned as a value.
   */
  retries?: number;
  /**
   * Jittered exponential backoff: retry n waits a random time in [0, backoffMs × 2^(n-1)), at most 500 ms, so writers
   * that collided do not collide again in step (default {@link DEFAULT_RETRY_BACKOFF_MS}; 0: no pause).
   */
  backoffMs?: number;
  /** Random numbers in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
}

/** What a handled command did. */
export interface CommandHandled<State, Outcome> {
  /** The state the decision was made on: the stream as the last attempt read it. */
  state: State;
  /** What the decision means to the caller. */
  outcome: Outcome;
  /** The events appended, oldest first (none when the decision changes nothing). */
  events: NewEvent[];
  /** Where they landed; null when nothing was appended. `duplicate`: every id was already recorded. */
  appended: AppendSuccess | null;
}

/**
 * A command, or how to make it from the state read: for inputs that need I/O once the state is known (the execution
 * layer's result, the policy evaluated again). The function runs again on every attempt, with that attempt's state.
 */
export type CommandSource<State, Command> = Command | ((state: State) => Promise<Command>);

/** A stream's state and version as read now. */
export interface AggregatedStream<State> {
  state: State;
  /** The stream's version: the expected version of the next append (0: no stream). */
  version: number;
}

/** Reads a whole stream, parses each event through the catalog once, and folds the events into a state. */
export async function aggregateStream<State>(
  store: Pick<EventStore, "readStream">,
  stream: string,
  evolution: StateEvolution<State, RecordedEvent>,
): Promise<AggregatedStream<State>> {
  const events = (await readStreamOrEmpty(store, stream)).map(parseRecordedEvent);
  return { state: foldEvents(evolution, events), version: events.at(-1)?.streamVersion ?? 0 };
}

/**
 * Handles one command on one stream (emmett's command handler): reads and folds the stream, lets the decider decide,
 * and appends what it decided at the version read. A version conflict (someone appended meanwhile) is the only thing
 * retried, and only here: bounded, after a jittered pause, deciding again on the stream as it now is. A refusal is
 * returned as the decider's failure value; other append errors are bugs and throw.
 */
export async function handleCommand<State, Command extends object, Failure extends { code: string }, Outcome>(
  store: Pick<EventStore, "readStream" | "append">,
  stream: string,
  decider: Decider<State, Command, RecordedEvent, Failure, Outcome>,
  command: CommandSource<State, Command>,
  options: HandleCommandOptions = {},
): Promise<Result<CommandHandled<State, Outcome>, Failure | StreamConflict>> {
  const retries = options.retries ?? DEFAULT_COMMAND_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const { state, version } = await aggregateStream(store, stream, decider);
    const decided = decider.decide(typeof command === "function" ? await command(state) : command, state);
    if (!decided.ok) return decided;
    const { events, outcome } = decided.value;
    if (events.length === 0) return ok({ state, outcome, events, appended: null });
    const appended = await store.append(stream, events, { expectedVersion: version });
    if (appended.ok) return ok({ state, outcome, events, appended: appended.value });
    if (appended.error.code !== "stream_conflict")
      throw new Error(`append to ${stream} refused: ${appended.error.code}: ${JSON.stringify(appended.error)}`);
    if (attempt >= retries) return err(appended.error);
    await pause(retryPause(attempt, options));
  }
}

/** The jittered pause (ms) before retry `attempt + 1`: random in [0, min(500, backoffMs × 2^attempt)). */
export function retryPause(attempt: number, options: HandleCommandOptions): number {
  const base = options.backoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
  const random = options.random ?? Math.random;
  return Math.min(MAX_RETRY_PAUSE_MS, base * 2 ** attempt) * random();
}

function pause(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
