import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { dataOf, type KeyedProjection, type ProjectionKey } from "../keyed-projection.js";
import { conversationStateSchema, type ConversationState } from "./conversation-state.js";

/** The conversation an event concerns (`data.conversationId`; actions may have none). */
function conversationKeyOf(event: EventEnvelope): ProjectionKey[] {
  const conversationId = event.data.conversationId;
  return typeof conversationId === "string" && conversationId !== "" ? [{ tenantId: event.metadata.tenantId, id: conversationId }] : [];
}

type ActionType = "action.proposed" | "action.approved" | "action.denied" | "action.executed" | "action.reversed";

function applyAction(state: ConversationState, event: EventEnvelope, type: ActionType): ConversationState {
  const data = dataOf(event, type);
  const others = state.pendingActions.filter((action) => action.actionId !== data.actionId);
  if (type === "action.proposed" || type === "action.approved") {
    const previous = state.pendingActions.find((action) => action.actionId === data.actionId);
    const pending = {
      actionId: data.actionId,
      type: data.type,
      status: type === "action.proposed" ? ("proposed" as const) : ("approved" as const),
      amountMinor: data.amountMinor,
      currency: data.currency,
      since: previous?.since ?? event.recordedAt,
    };
    return { ...state, pendingActions: [...others, pending] };
  }
  return { ...state, pendingActions: others };
}

function apply(state: ConversationState, event: EventEnvelope): ConversationState {
  switch (event.type) {
    case "message.received": {
      const data = dataOf(event, "message.received");
      return {
        ...state,
        // A customer writing again reopens a resolved conversation; an escalated one stays with the humans.
        status: state.status === "resolved" ? "open" : state.status,
        customerId: state.customerId ?? data.customerId,
        messageCount: state.messageCount + 1,
        lastMessageAt: data.receivedAt,
      };
    }
    case "reply.sent": {
      const data = dataOf(event, "reply.sent");
      return { ...state, customerId: state.customerId ?? data.customerId, messageCount: state.messageCount + 1, lastMessageAt: event.recordedAt, lastReplyModel: data.model };
    }
    case "intent.classified": {
      const data = dataOf(event, "intent.classified");
      return { ...state, lastIntent: { intent: data.intent, confidence: data.confidence, outOfScope: data.outOfScope, at: event.recordedAt } };
    }
    case "conversation.escalated":
      return { ...state, status: "escalated" };
    case "conversation.resolved":
      return { ...state, status: "resolved" };
    case "action.proposed":
    case "action.approved":
    case "action.denied":
    case "action.executed":
    case "action.reversed":
      return applyAction(state, event, event.type);
    default:
      return state;
  }
}

/** Conversation state: status, customer, message count, last message, last intent, pending actions, last reply model. */
export const conversationStateProjection: KeyedProjection<ConversationState> = {
  name: "conversation-state",
  schema: conversationStateSchema,
  keysOf: conversationKeyOf,
  initialState(key) {
    return {
      tenantId: key.tenantId,
      conversationId: key.id,
      version: 0,
      status: "open",
      customerId: null,
      messageCount: 0,
      lastMessageAt: null,
      lastIntent: null,
      pendingActions: [],
      lastReplyModel: null,
      updatedAt: new Date(0).toISOString(),
    };
  },
  evolve(state, event) {
    return { ...apply(state, event), version: event.globalPosition, updatedAt: event.recordedAt };
  },
  versionOf: (state) => state.version,
};
