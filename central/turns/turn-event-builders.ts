import type { NewEvent } from "../../shared/event-envelope.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { normaliseText } from "../../shared/text/storable-text.js";
import { TURN_EVENT_TYPES, type MessageReceivedData, type ReplySentData } from "../../shared/turn-events.js";
import type { LlmCompletion, LlmProvider } from "../llm/llm-provider.js";

/** The `message.received` event of an inbound message, caused by the customer. */
export function messageReceivedEvent(message: InboundMessage, eventId: string): NewEvent {
  const data: MessageReceivedData = {
    channel: message.channel,
    conversationId: message.conversationId,
    customerId: message.customerId,
    channelMessageId: message.channelMessageId,
    text: message.text,
    receivedAt: message.receivedAt,
  };
  return {
    eventId,
    type: TURN_EVENT_TYPES.messageReceived,
    data,
    metadata: {
      tenantId: message.tenantId,
      correlationId: message.correlationId,
      causationId: null,
      actor: { kind: "customer", id: message.customerId },
      modelVersion: null,
      policyVersion: null,
      sources: [{ kind: "channel", ref: `${message.channel}:${message.channelMessageId}` }],
    },
  };
}

/** What a `reply.sent` event is built from: the message it answers and the model's completion. */
export interface ReplySentInput {
  eventId: string;
  /** The recorded `message.received` event this reply answers. */
  cause: { eventId: string; tenantId: string; correlationId: string; conversationId: string; customerId: string };
  provider: Pick<LlmProvider, "name" | "offline">;
  completion: LlmCompletion;
}

/**
 * The `reply.sent` event of a finished model call, caused by the message it answers. Model output is text nobody can
 * correct, so what the database cannot store (NUL, unpaired surrogates) is replaced by U+FFFD rather than refused.
 */
export function replySentEvent(input: ReplySentInput): NewEvent {
  const { cause, completion, provider } = input;
  const data: ReplySentData = {
    conversationId: cause.conversationId,
    customerId: cause.customerId,
    text: normaliseText(completion.text),
    provider: provider.name,
    model: normaliseText(completion.model),
    offline: provider.offline,
    usage: completion.usage,
    latencyMs: completion.latencyMs,
    attempts: Math.max(1, completion.attempts),
  };
  return {
    eventId: input.eventId,
    type: TURN_EVENT_TYPES.replySent,
    data,
    metadata: {
      tenantId: cause.tenantId,
      correlationId: cause.correlationId,
      causationId: cause.eventId,
      actor: { kind: "model", id: provider.name },
      modelVersion: normaliseText(completion.model),
      policyVersion: null,
      sources: [{ kind: "event", ref: cause.eventId }],
    },
  };
}
