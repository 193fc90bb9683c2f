import type { EventEnvelope } from "../../shared/event-envelope.js";
import { conversationMessages } from "../conversations/conversation-messages.js";
import type { LlmRequest } from "../llm/llm-provider.js";

/** The system instruction of a chat turn: tone only; business rules live in policy documents, never here. */
export const SYSTEM_INSTRUCTION = [
  "You are a courteous customer-service assistant.",
  "Answer the customer's latest message helpfully and concisely, in the customer's language.",
  "If you are not sure of something, say so and offer to connect the customer with a human colleague.",
].join(" ");

/** The model request for the conversation ending at the customer's message: its last `historyTurns` messages. */
export function buildModelRequest(events: EventEnvelope[], historyTurns: number, signal?: AbortSignal): LlmRequest {
  const messages = conversationMessages(events).slice(-Math.max(1, historyTurns));
  // A conversation given to the model starts with the customer speaking.
  while (messages.length > 1 && messages[0]?.role === "model") messages.shift();
  return { system: SYSTEM_INSTRUCTION, messages, ...(signal ? { signal } : {}) };
}
