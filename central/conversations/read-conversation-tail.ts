import type { EventEnvelope } from "../../shared/event-envelope.js";
import { TURN_EVENT_TYPES } from "../../shared/turn-events.js";
import type { EventStore } from "../event-store/event-store.js";

const MESSAGE_TYPES: ReadonlySet<string> = new Set(Object.values(TURN_EVENT_TYPES));

/**
 * The end of a conversation up to and including stream version `endVersion`, oldest first: enough events to hold its
 * last `messages` messages (fewer when the conversation is shorter). Reads backward a page at a time, so a turn costs
 * O(messages) reads however long the conversation is.
 */
export async function readConversationTail(
  eventStore: Pick<EventStore, "readStream">,
  stream: string,
  endVersion: number,
  messages: number,
): Promise<EventEnvelope[]> {
  const pageSize = Math.max(16, messages * 2);
  const tail: EventEnvelope[] = [];
  let found = 0;
  for (let from = endVersion; from >= 1 && found < messages; from -= pageSize) {
    const page = await eventStore.readStream(stream, { fromVersion: from, limit: pageSize, direction: "backward" });
    if (!page.ok) throw new Error(`cannot read ${stream} back from version ${from}: ${page.error.message}`);
    for (const event of page.value) {
      tail.push(event);
      if (MESSAGE_TYPES.has(event.type)) found++;
    }
  }
  return tail.reverse();
}
