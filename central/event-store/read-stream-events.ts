import type { EventEnvelope } from "../../shared/event-envelope.js";
import type { EventStore, ReadStreamOptions } from "./event-store.js";

/**
 * For callers to whom an absent stream is simply empty (a customer with no events yet): the window's events, [] for
 * `stream_not_found`. Reading past the end is still a caller bug and throws.
 */
export async function readStreamOrEmpty(
  eventStore: Pick<EventStore, "readStream">,
  stream: string,
  options?: ReadStreamOptions,
): Promise<EventEnvelope[]> {
  const read = await eventStore.readStream(stream, options);
  if (read.ok) return read.value;
  if (read.error.code === "stream_not_found") return [];
  throw new Error(read.error.message);
}
