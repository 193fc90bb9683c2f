import type { EventStore } from "../../central/event-store/event-store.js";

/** An {@link EventStore} that counts the events its reads return; reset with `reset()`. */
export interface CountingEventStore extends EventStore {
  /** Events returned by readStream, readAll and readEvent since creation or the last reset. */
  eventsRead(): number;
  reset(): void;
}

/** Wraps a store so tests can show how many events a piece of code actually reads. */
export function createCountingEventStore(inner: EventStore): CountingEventStore {
  let count = 0;
  return {
    append: (stream, events, options) => inner.append(stream, events, options),
    async readStream(stream, options) {
      const read = await inner.readStream(stream, options);
      if (read.ok) count += read.value.length;
      return read;
    },
    async readAll(options) {
      const events = await inner.readAll(options);
      count += events.length;
      return events;
    },
    async readEvent(eventId) {
      const event = await inner.readEvent(eventId);
      if (event) count += 1;
      return event;
    },
    headPosition: () => inner.headPosition(),
    streamVersion: (stream) => inner.streamVersion(stream),
    eventsRead: () => count,
    reset: () => {
      count = 0;
    },
  };
}
