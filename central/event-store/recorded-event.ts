import type { EventEnvelope } from "../../shared/event-envelope.js";
import { isEventType, type EventData, type EventType } from "../../shared/events/catalog.js";
import { storedDataSchema } from "./append-validation.js";

/** A recorded event of catalog type `T`, its data typed by the catalog's schema. */
export type RecordedEventOf<T extends EventType> = Omit<EventEnvelope, "type" | "data"> & {
  type: T;
  data: EventData<T>;
};

/** A recorded event of any catalog type: a union discriminated by `type`, so a `switch` on it types `data`. */
export type RecordedEvent = { [T in EventType]: RecordedEventOf<T> }[EventType];

/**
 * Reads a recorded event through the event catalog, once, at the read boundary: its data is checked against the
 * type's schema and typed from then on. Personal fields are checked as opaque text, as the store checks them on
 * append: they may be ciphertext (an undecorated log) or the erased marker. Throws on an event the catalog does not
 * describe: the store refuses those on append, so one in the log is corruption or a bug, not an expected failure.
 */
export function parseRecordedEvent(event: EventEnvelope): RecordedEvent {
  if (!isEventType(event.type))
    throw new Error(`${event.stream} v${event.streamVersion}: event type '${event.type}' is not in the catalog`);
  const parsed = storedDataSchema(event.type).safeParse(event.data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(data)"}: ${issue.message}`);
    throw new Error(`${event.stream} v${event.streamVersion}: ${event.type} does not match the catalog: ${problems}`);
  }
  // The one place data becomes typed: the schema just checked is the catalog's schema for this very type.
  return { ...event, data: parsed.data } as RecordedEvent;
}
