import type { NewEvent } from "../../../shared/event-envelope.js";
import type { ReplySentData } from "../../../shared/turn-events.js";
import { deterministicUuid } from "../../ids/deterministic-uuid.js";
import type { ActionState } from "../lifecycle/action-state.js";
import { chainMetadata } from "./action-event-builders.js";

/** What the customer is told about an action. */
export type NoticeOutcome = "pending" | "executed" | "rejected" | "expired";

/** Provider name of the notices on `reply.sent` (templates, no model). */
export const NOTICE_PROVIDER = "frontdesk-actions";

/** Model name recorded on notices: the template set's version. */
export const NOTICE_TEMPLATES = "action-notice-templates-1";

const WHAT: Record<string, (money: string, order: string) => string> = {
  refund: (money, order) => `refund${money}${order}`,
  discount: (money) => `discount${money}`,
  store_credit: (money) => `store credit${money}`,
  cancel_order: (_money, order) => `cancellation${order || " of your order"}`,
  create_ticket: () => "support ticket",
  handoff: () => "request to talk to a person",
};

/** The action in the customer's words, e.g. "refund of 12.50 EUR for order A-1". */
export function describeAction(state: Pick<ActionState, "type" | "amountMinor" | "currency" | "orderId">): string {
  const money =
    state.amountMinor !== null && state.currency ? ` of ${(state.amountMinor / 100).toFixed(2)} ${state.currency}` : "";
  const order = state.orderId ? ` for order ${state.orderId}` : "";
  return (WHAT[state.type] ?? (() => `request (${state.type})`))(money, order);
}

function referenceText(reference: string | null | undefined): string {
  return reference ? ` (reference ${reference})` : "";
}

/** The notice text for an outcome. */
export function noticeText(state: ActionState, outcome: NoticeOutcome): string {
  const what = describeAction(state);
  switch (outcome) {
    case "pending":
      return `I've passed your ${what} to a colleague for approval. You'll hear back in this conversation.`;
    case "executed":
      return state.decidedBy === "policy"
        ? `Done: your ${what} has been processed${referenceText(state.reference)}.`
        : `Good news: your ${what} was approved and has been processed${referenceText(state.reference)}.`;
    case "rejected":
      return `Your ${what} was reviewed and could not be approved. A colleague can help if you have questions.`;
    case "expired":
      return `Your ${what} was not reviewed in time and has lapsed. Please ask again if you still need it.`;
  }
}

/**
 * The `reply.sent` telling the customer an action's outcome, in the action's conversation; its id derives from the
 * action
 * and the outcome, so telling twice records once. Null when the action has no conversation to speak in.
 */
export function customerNoticeEvent(state: ActionState, outcome: NoticeOutcome): NewEvent | null {
  if (state.conversationId === null) return null;
  const data: ReplySentData = {
    conversationId: state.conversationId,
    customerId: state.customerId,
    text: noticeText(state, outcome),
    provider: NOTICE_PROVIDER,
    model: NOTICE_TEMPLATES,
    offline: false,
    usage: null,
    latencyMs: 0,
    attempts: 1,
  };
  return {
    eventId: deterministicUuid(`${state.actionId}|notice|${outcome}`),
    type: "reply.sent",
    data,
    metadata: { ...chainMetadata(state, { kind: "system", id: NOTICE_PROVIDER }), modelVersion: NOTICE_TEMPLATES },
  };
}
