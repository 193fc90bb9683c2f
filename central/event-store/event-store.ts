import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { AppendValidationError } from "./append-validation.js";

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

/** Why an append wrote nothing: a version conflict, or events the store refuses (see `append-validation.ts`). */
export type AppendError = StreamConflict | AppendValidationError;

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /**
   * First stream version to return (1-based). Forward (default): from 1; up to version + 1, which reads nothing.
   * Backward: from the last event; at most the stream's version.
   */
  fromVersion?: number;
  /** Most events to return (default: all). */
  limit?: number;
  /** `forward` (ascending versions, default) or `backward` (descending from `fromVersion`). */
  direction?: "forward" | "backward";
}

/** The stream has no events. */
export interface StreamNotFound {
  code: "stream_not_found";
  stream: string;
  message: string;
}

/** `fromVersion` lies past the end of the stream (forward: > version + 1; backward: > version). */
export interface BeyondEnd {
  code: "beyond_end";
  stream: string;
  fromVersion: number;
  version: number;
  message: string;
}

/** Why a stream read returned no events. */
export type ReadStreamError = StreamNotFound | BeyondEnd;

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Return events with a global position greater than this (default 0: from the start). */
  after?: number;
  /** Most events to return (default {@link DEFAULT_READ_ALL_LIMIT}). */
  limit?: number;
}

/** How many events {@link EventStore.readAll} returns when no limit is given. */
export const DEFAULT_READ_ALL_LIMIT = 1000;

/** The append-only event log. Events are never updated or deleted. */
export interface EventStore {
  /**
   * Appends events to a stream (`<kind>:<tenantId>:<id>`) under optimistic concurrency; all or nothing. Appending
   * event ids that are all already recorded is a no-op returning the original positions with `duplicate: true`,
   * whatever the expected version. Unknown types, invalid data and another tenant's stream are refused as values.
   */
  append(
    stream: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<Result<AppendSuccess, AppendError>>;
  /** Reads a window of a stream; an absent stream or a start past its end is an error value, never silence. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<Result<EventEnvelope[], ReadStreamError>>;
  /**
   * Reads the global log in ascending position after `after`. Safe for subscribers: a position is only returned once
   * no transaction that could still commit a lower one is open, so a reader that checkpoints never skips an event.
   */
  readAll(options?: ReadAllOptions): Promise<EventEnvelope[]>;
  /** The highest position {@link EventStore.readAll} can return now (0 when the log is empty). */
  headPosition(): Promise<number>;
  /** One recorded event by id (any stream), or null. */
  readEvent(eventId: string): Promise<EventEnvelope | null>;
  /** The stream's current version: the number of events in it, 0 when it does not exist. */
  streamVersion(stream: string): Promise<number>;
}

/** The inclusive range of stream versions a read returns, in the order to return them. */
export interface StreamWindow {
  first: number;
  last: number;
  direction: "forward" | "backward";
}

/** Which versions a read of a stream at `version` returns (null: none), or why the read is an error. */
export function streamWindow(
  stream: string,
  version: number,
  options: ReadStreamOptions = {},
): Result<StreamWindow | null, ReadStreamError> {
  if (version === 0) return err({ code: "stream_not_found", stream, message: `stream ${stream} has no events` });
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const backward = options.direction === "backward";
  const from = backward ? (options.fromVersion ?? version) : Math.max(options.fromVersion ?? 1, 1);
  const end = backward ? version : version + 1;
  if (from > end) {
    const message = `cannot read ${stream} from version ${from}: it ends at version ${version}`;
    return err({ code: "beyond_end", stream, fromVersion: from, version, message });
  }
  if (limit <= 0 || from < 1 || (!backward && from > version)) return ok(null);
  if (backward) return ok({ first: Math.max(1, from - limit + 1), last: from, direction: "backward" });
  return ok({ first: from, last: Math.min(version, from + limit - 1), direction: "forward" });
}

/** True when `eventId` has the shape of a UUID (the only ids the log records). */
export function isUuid(eventId: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId);
}

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
