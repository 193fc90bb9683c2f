import type { NewEvent } from "../../shared/event-envelope.js";
import type { Result } from "../../shared/result.js";

/** How a stream's state is folded from its events: the state before the first one, and one event's effect. */
export interface StateEvolution<State, Event> {
  initialState: () => State;
  /** Pure: the state after `event`, without changing `state`. */
  evolve: (state: State, event: Event) => State;
}

/** What a decision appends (no events: the command changes nothing) and what it means to the caller. */
export interface Decision<Outcome> {
  events: NewEvent[];
  outcome: Outcome;
}

/**
 * A stream's behaviour as pure functions (emmett's decider): its state is folded with `evolve`, and `decide` says what
 * a command appends given that state, or why the command is refused, as a value. No I/O, clock or randomness: the
 * command carries the time, ids and anything read elsewhere. `handleCommand` runs it against the event store.
 */
export interface Decider<State, Command, Event, Failure extends { code: string }, Outcome> extends StateEvolution<
  State,
  Event
> {
  decide: (command: Command, state: State) => Result<Decision<Outcome>, Failure>;
}

/** Folds events (oldest first) into a state, starting from the initial one. */
export function foldEvents<State, Event>(evolution: StateEvolution<State, Event>, events: readonly Event[]): State {
  return events.reduce((state, event) => evolution.evolve(state, event), evolution.initialState());
}
