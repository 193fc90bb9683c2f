import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import type { Result } from "../../shared/result.js";

/**
 * What the caller expects the stream's version to be before the append: a number (0 = the stream does not exist),
 * `"no_stream"` (same as 0) or `"any"` (no check).
 */
export type ExpectedVersion = number | "any" | "no_stream";

/** Where one appended event landed. */
export interface EventPosition {
  eventId: string;
  streamVersion: number;
  globalPosition: number;
}

/** A successful append; `duplicate` means every event id was already recorded and nothing was written. */
export interface AppendSuccess {
  /** The stream's version after the append (for a duplicate: its current version). */
  nextExpectedVersion: number;
  /** Positions of the events, in the order given (for a duplicate: the original positions). */
  positions: EventPosition[];
  duplicate: boolean;
}

/** The stream was not at the expected version; nothing was written. */
export interface StreamConflict {
  code: "stream_conflict";
  stream: string;
  expectedVersion: ExpectedVersion;
  actualVersion: number;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** First stream version to return (1-based, default 1). */
  fromVersion?: number;
  /** Most events to return (default: all). */
  limit?: number;
}

/** The append-only event log. Events are never updated or deleted. */
export interface EventStore {
  /**
   * Appends events to a stream under optimistic concurrency. Appending event ids that are all already recorded is a
   * no-op returning the original positions with `duplicate: true`, whatever the expected version.
   */
  append(
    stream: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<Result<AppendSuccess, StreamConflict>>;
  /** Reads a stream's events in stream order. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /** The stream's current version: the number of events in it, 0 when it does not exist. */
  streamVersion(stream: string): Promise<number>;
}

/** Source of the current time; a parameter so tests control it. */
export type Clock = () => Date;

/** True when the stream at `actual` satisfies `expected`. */
export function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === "any") return true;
  if (expected === "no_stream") return actual === 0;
  return expected === actual;
}

/** Throws on caller bugs the store refuses: duplicate event ids within one append. */
export function assertDistinctEventIds(events: NewEvent[]): void {
  const ids = new Set(events.map((event) => event.eventId.toLowerCase()));
  if (ids.size !== events.length) throw new Error("append: the same event id appears twice in one append");
}

/**
 * Decides what an append whose event ids are partly or wholly recorded means: all recorded → the original positions
 * (a duplicate); none → null (append normally); some → a caller bug, thrown.
 */
export function resolveDuplicate(events: NewEvent[], recorded: EventPosition[]): EventPosition[] | null {
  if (recorded.length === 0) return null;
  const byId = new Map(recorded.map((position) => [position.eventId.toLowerCase(), position]));
  const positions = events.map((event) => byId.get(event.eventId.toLowerCase()));
  if (positions.every((position): position is EventPosition => position !== undefined)) return positions;
  throw new Error("append: some but not all of these event ids are already recorded; an append is all or nothing");
}
