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

/** Applies what one event changes to `next`, a fresh copy of the state (nested objects are replaced, never mutated). */
function apply(next: CustomerSummaryState, event: EventEnvelope): void {
  if (isActionEvent(event.type)) {
    const data = dataOf(event, event.type);
    const outcome = ACTION_OUTCOMES[event.type];
    if ((outcome === "executed" && data.type === "refund") || outcome === "approved") {
      next.counts = {
        ...next.counts,
        refunds: next.counts.refunds + (outcome === "executed" ? 1 : 0),
        approvals: next.counts.approvals + (outcome === "approved" ? 1 : 0),
      };
    }
    next.lastAction = {
      actionId: data.actionId,
      type: data.type,
      outcome,
      amount: data.amountMinor,
      at: event.recordedAt,
    };
    return;
  }
  switch (event.type) {
    case "message.received": {
      const data = dataOf(event, "message.received");
      next.counts = { ...next.counts, messages: next.counts.messages + 1 };
      next.openConversations = withItem(next.openConversations, data.conversationId);
      next.lastMessageAt = data.receivedAt;
      return;
    }
    case "customer.profile_updated": {
      const { name, email, phone, tier } = dataOf(event, "customer.profile_updated");
      const profile = { ...next.profile };
      // Absent means unchanged, null means cleared; personal values are opaque (plaintext, or erased by the store).
      if (name !== undefined) profile.name = name;
      if (email !== undefined) profile.email = email;
      if (phone !== undefined) profile.phone = phone;
      if (tier !== undefined) profile.tier = tier;
      next.profile = profile;
      return;
    }
    case "intent.classified": {
      const data = dataOf(event, "intent.classified");
      next.lastIntents = [
        { intent: data.intent, confidence: data.confidence, at: event.recordedAt },
        ...next.lastIntents,
      ].slice(0, LAST_INTENTS);
      return;
    }
    case "conversation.escalated":
      next.escalatedConversations = withItem(
        next.escalatedConversations,
        dataOf(event, "conversation.escalated").conversationId,
      );
      break;
    case "conversation.resolved": {
      const { conversationId } = dataOf(event, "conversation.resolved");
      next.openConversations = without(next.openConversations, conversationId);
      next.escalatedConversations = without(next.escalatedConversations, conversationId);
      break;
    }
    case "customer.erased":
      next.profile = { name: null, email: null, phone: null, tier: null };
      next.flags = { ...next.flags, erased: true };
      return;
    default:
      return;
  }
  const openEscalation = next.escalatedConversations.length > 0;
  if (openEscalation !== next.flags.openEscalation) next.flags = { ...next.flags, openEscalation };
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
    const next = { ...state, version: event.globalPosition, updatedAt: event.recordedAt };
    apply(next, event);
    return next;
  },
  versionOf: (state) => state.version,
};

/** The published summary: the contract without the fold's bookkeeping. */
export function toCustomerSummary(state: CustomerSummaryState): CustomerSummary {
  const { escalatedConversations: _bookkeeping, ...summary } = state;
  return summary;
}
