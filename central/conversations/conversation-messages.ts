import type { EventEnvelope } from "../../shared/event-envelope.js";
import { messageReceivedDataSchema, replySentDataSchema, TURN_EVENT_TYPES } from "../../shared/turn-events.js";
import type { LlmMessage } from "../llm/llm-provider.js";

/** Turns a conversation's events into model messages: `message.received` → user, `reply.sent` → model. */
export function conversationMessages(events: EventEnvelope[]): LlmMessage[] {
  return events.flatMap((event): LlmMessage[] => {
    if (event.type === TURN_EVENT_TYPES.messageReceived) {
      const data = messageReceivedDataSchema.safeParse(event.data);
      return data.success ? [{ role: "user", text: data.data.text }] : [];
    }
    if (event.type === TURN_EVENT_TYPES.replySent) {
      const data = replySentDataSchema.safeParse(event.data);
      return data.success ? [{ role: "model", text: data.data.text }] : [];
    }
    return [];
  });
}
