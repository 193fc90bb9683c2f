import { z } from "zod";
import { customerSummarySchema, type CustomerSummary } from "../../../shared/customer-summary.js";
import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { customerKeyOf, dataOf, type KeyedProjection, type ProjectionKey } from "../keyed-projection.js";

/** How many intents a summary keeps, newest first. */
export const LAST_INTENTS = 5;

/** The fold's state: the summary contract plus the escalated conversations that decide `flags.openEscalation`. */
export const customerSummaryStateSchema = customerSummarySchema.extend({ escalatedConversations: z.array(z.string()) });

/** A customer summary with its bookkeeping. */
export type CustomerSummaryState = z.infer<typeof customerSummaryStateSchema>;

const ACTION_OUTCOMES = {
  "action.proposed": "proposed",
  "action.approved": "approved",
  "action.denied": "denied",
  "action.executed": "executed",
  "action.reversed": "reversed",
} as const;

type ActionEventType = keyof typeof ACTION_OUTCOMES;

function isActionEvent(type: string): type is ActionEventType {
  return Object.hasOwn(ACTION_OUTCOMES, type);
}

function without(list: string[], item: string): string[] {
  return list.filter((entry) => entry !== item);
}

function withItem(list: string[], item: string): string[] {
  return list.includes(item) ? list : [...list, item];
}

/** What one event changes in a summary (besides version and updatedAt). */
function apply(state: CustomerSummaryState, event: EventEnvelope): CustomerSummaryState {
  if (isActionEvent(event.type)) {
    const data = dataOf(event, event.type);
    const outcome = ACTION_OUTCOMES[event.type];
    const counts = {
      ...state.counts,
      refunds: state.counts.refunds + (outcome === "executed" && data.type === "refund" ? 1 : 0),
      approvals: state.counts.approvals + (outcome === "approved" ? 1 : 0),
    };
    return { ...state, counts, lastAction: { actionId: data.actionId, type: data.type, outcome, amount: data.amountMinor, at: event.recordedAt } };
  }
  switch (event.type) {
    case "message.received": {
      const data = dataOf(event, "message.received");
      return {
        ...state,
        counts: { ...state.counts, messages: state.counts.messages + 1 },
        openConversations: withItem(state.openConversations, data.conversationId),
        lastMessageAt: data.receivedAt,
      };
    }
    case "customer.profile_updated": {
      const { name, email, phone, tier } = dataOf(event, "customer.profile_updated");
      const profile = { ...state.profile };
      // Absent means unchanged, null means cleared; personal values are opaque (plaintext, or erased by the store).
      if (name !== undefined) profile.name = name;
      if (email !== undefined) profile.email = email;
      if (phone !== undefined) profile.phone = phone;
      if (tier !== undefined) profile.tier = tier;
      return { ...state, profile };
    }
    case "intent.classified": {
      const data = dataOf(event, "intent.classified");
      const latest = { intent: data.intent, confidence: data.confidence, at: event.recordedAt };
      return { ...state, lastIntents: [latest, ...state.lastIntents].slice(0, LAST_INTENTS) };
    }
    case "conversation.escalated": {
      const { conversationId } = dataOf(event, "conversation.escalated");
      return { ...state, escalatedConversations: withItem(state.escalatedConversations, conversationId) };
    }
    case "conversation.resolved": {
      const { conversationId } = dataOf(event, "conversation.resolved");
      return {
        ...state,
        openConversations: without(state.openConversations, conversationId),
        escalatedConversations: without(state.escalatedConversations, conversationId),
      };
    }
    case "customer.erased":
      return { ...state, profile: { name: null, email: null, phone: null, tier: null }, flags: { ...state.flags, erased: true } };
    default:
      return state;
  }
}

/**
 * The customer summary: what the log says about one customer (profile, open conversations, last intents, last action
 * and outcome, counts, flags). `version` is the global position of the last event folded in; `updatedAt` its
 * recording time, so a rebuild yields exactly the live rows.
 */
export const customerSummaryProjection: KeyedProjection<CustomerSummaryState> = {
  name: "customer-summary",
  schema: customerSummaryStateSchema,
  keysOf: customerKeyOf,
  initialState(key: ProjectionKey): CustomerSummaryState {
    return {
      tenantId: key.tenantId,
      customerId: key.id,
      version: 0,
      profile: { name: null, email: null, phone: null, tier: null },
      openConversations: [],
      lastIntents: [],
      lastAction: null,
      counts: { messages: 0, refunds: 0, approvals: 0 },
      flags: { openEscalation: false, erased: false },
      lastMessageAt: null,
      updatedAt: new Date(0).toISOString(),
      escalatedConversations: [],
    };
  },
  evolve(state, event) {
    const next = apply(state, event);
    return {
      ...next,
      flags: { ...next.flags, openEscalation: next.escalatedConversations.length > 0 },
      version: event.globalPosition,
      updatedAt: event.recordedAt,
    };
  },
  versionOf: (state) => state.version,
};

/** The published summary: the contract without the fold's bookkeeping. */
export function toCustomerSummary(state: CustomerSummaryState): CustomerSummary {
  const { escalatedConversations: _bookkeeping, ...summary } = state;
  return summary;
}
