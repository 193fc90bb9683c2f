import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { dataOf, type KeyedProjection, type ProjectionKey } from "../keyed-projection.js";
import { conversationStateSchema, type ConversationState } from "./conversation-state.js";

/** The conversation an event concerns (`data.conversationId`; actions may have none). */
function conversationKeyOf(event: EventEnvelope): ProjectionKey[] {
  const conversationId = event.data.conversationId;
  return typeof conversationId === "string" && conversationId !== ""
    ? [{ tenantId: event.metadata.tenantId, id: conversationId }]
    : [];
}

type ActionType = "action.proposed" | "action.approved" | "action.denied" | "action.executed" | "action.reversed";

/** Applies an action's step to `next` (a fresh copy of the state; its pending list is replaced, never mutated). */
function applyAction(next: ConversationState, event: EventEnvelope, type: ActionType): void {
  const data = dataOf(event, type);
  const others = next.pendingActions.filter((action) => action.actionId !== data.actionId);
  if (type === "action.proposed" || type === "action.approved") {
    const previous = next.pendingActions.find((action) => action.actionId === data.actionId);
    const pending = {
      actionId: data.actionId,
      type: data.type,
      status: type === "action.proposed" ? ("proposed" as const) : ("approved" as const),
      amountMinor: data.amountMinor,
      currency: data.currency,
      since: previous?.since ?? event.recordedAt,
    };
    next.pendingActions = [...others, pending];
  } else {
    next.pendingActions = others;
  }
}

/** Applies what one event changes to `next`, a fresh copy of the state. */
function apply(next: ConversationState, event: EventEnvelope): void {
  switch (event.type) {
    case "message.received": {
      const data = dataOf(event, "message.received");
      // A customer writing again reopens a resolved conversation; an escalated one stays with the humans.
      if (next.status === "resolved") next.status = "open";
      next.customerId ??= data.customerId;
      next.messageCount += 1;
      next.lastMessageAt = data.receivedAt;
      return;
    }
    case "reply.sent": {
      const data = dataOf(event, "reply.sent");
      next.customerId ??= data.customerId;
      next.messageCount += 1;
      next.lastMessageAt = event.recordedAt;
      next.lastReplyModel = data.model;
      return;
    }
    case "intent.classified": {
      const data = dataOf(event, "intent.classified");
      next.lastIntent = {
        intent: data.intent,
        confidence: data.confidence,
        outOfScope: data.outOfScope,
        at: event.recordedAt,
      };
      return;
    }
    case "conversation.escalated":
      next.status = "escalated";
      return;
    case "conversation.resolved":
      next.status = "resolved";
      return;
    case "action.proposed":
    case "action.approved":
    case "action.denied":
    case "action.executed":
    case "action.reversed":
      applyAction(next, event, event.type);
      return;
    default:
      return;
  }
}

/**
 * Conversation state: status, customer, message count, last message, last intent, pending actions, last reply model.
 */
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
    const next = { ...state, version: event.globalPosition, updatedAt: event.recordedAt };
    apply(next, event);
    return next;
  },
  versionOf: (state) => state.version,
};
