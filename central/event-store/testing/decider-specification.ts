import { expect } from "vitest";
import type { EventEnvelope, NewEvent } from "../../../shared/event-envelope.js";
import type { Result } from "../../../shared/result.js";
import { foldEvents, type Decider, type Decision, type StateEvolution } from "../decider.js";
import { parseRecordedEvent, type RecordedEvent } from "../recorded-event.js";

/** Where and when the given events are recorded. */
export interface RecordingOptions {
  /** The stream they are in. */
  stream: string;
  /** Their `recordedAt` unless an event names its own (default 2026-11-20T10:00:00.000Z). */
  recordedAt?: string;
  /** Global position of the first one (default 1); the others follow. */
  firstPosition?: number;
}

/** An event as a test gives it: what the store is handed, optionally with its recording time. */
export type GivenEvent = NewEvent & { recordedAt?: string };

/**
 * Records events as the store would (stream versions 1, 2, …, ascending global positions, a time) and reads them
 * through the catalog like every reader does, so a test's events must be valid ones.
 */
export function recordedEvents(events: readonly GivenEvent[], options: RecordingOptions): RecordedEvent[] {
  const first = options.firstPosition ?? 1;
  return events.map((event, index) => {
    const envelope: EventEnvelope = {
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      stream: options.stream,
      streamVersion: index + 1,
      globalPosition: first + index,
      recordedAt: event.recordedAt ?? options.recordedAt ?? "2026-11-20T10:00:00.000Z",
    };
    return parseRecordedEvent(envelope);
  });
}

/** What an expected event must match (a subset: usually its type and some data). */
export interface ExpectedEvent {
  type: string;
  eventId?: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Part of a value, at any depth: what a subset match (`toMatchObject`) is given. */
export type Subset<T> = T extends object ? { [K in keyof T]?: Subset<T[K]> } : T;

/** The checks of a decision made in a specification. */
export interface DecisionCheck<Failure extends { code: string }, Outcome> {
  /** The decision as a value, for checks the helpers below do not cover. */
  result: Result<Decision<Outcome>, Failure>;
  /** Then: exactly these events (each matched as a subset) and, when given, this outcome (matched as a subset). */
  then(events: ExpectedEvent[], outcome?: Subset<Outcome>): void;
  /** Then: nothing is appended and, when given, this outcome. */
  thenNothingHappens(outcome?: Subset<Outcome>): void;
  /** Then: refused with this failure (matched as a subset). */
  thenFails(failure: Subset<Failure>): void;
}

/** Given events, the folded state and the command to decide on it. */
export interface GivenStream<State, Command, Failure extends { code: string }, Outcome> {
  /** The state the given events fold to. */
  state: State;
  /** When this command is decided on that state. */
  when(command: Command): DecisionCheck<Failure, Outcome>;
}

/** A decider's unit-test specification: given recorded events, when a command, then events, nothing or a failure. */
export interface DeciderSpecification<State, Command, Failure extends { code: string }, Outcome> {
  given(...events: GivenEvent[]): GivenStream<State, Command, Failure, Outcome>;
}

/**
 * Builds the given / when / then specification of a decider (emmett's `DeciderSpecification`): no store, no I/O;
 * the given events are recorded on `options.stream` and parsed through the catalog, then folded with `evolve`.
 */
export function deciderSpecification<State, Command, Failure extends { code: string }, Outcome>(
  decider: Decider<State, Command, RecordedEvent, Failure, Outcome>,
  options: RecordingOptions,
): DeciderSpecification<State, Command, Failure, Outcome> {
  return {
    given(...events) {
      const state = givenState(decider, events, options);
      return {
        state,
        when(command) {
          return decisionCheck(decider.decide(command, state));
        },
      };
    },
  };
}

/** The state `events`, recorded on `options.stream`, fold to: for tests of evolve functions and pure queries. */
export function givenState<State>(
  evolution: StateEvolution<State, RecordedEvent>,
  events: readonly GivenEvent[],
  options: RecordingOptions,
): State {
  return foldEvents(evolution, recordedEvents(events, options));
}

function decisionCheck<Failure extends { code: string }, Outcome>(
  result: Result<Decision<Outcome>, Failure>,
): DecisionCheck<Failure, Outcome> {
  const decided = (): Decision<Outcome> => {
    if (!result.ok) expect.unreachable(`expected a decision, got the failure ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const checkOutcome = (outcome: Subset<Outcome> | undefined) => {
    if (outcome !== undefined) expect({ outcome: decided().outcome }).toMatchObject({ outcome });
  };
  return {
    result,
    then(events, outcome) {
      const decision = decided();
      expect(decision.events).toHaveLength(events.length);
      expect(decision.events).toMatchObject(events);
      checkOutcome(outcome);
    },
    thenNothingHappens(outcome) {
      expect(decided().events).toEqual([]);
      checkOutcome(outcome);
    },
    thenFails(failure) {
      expect(result).toMatchObject({ ok: false, error: failure });
    },
  };
}
