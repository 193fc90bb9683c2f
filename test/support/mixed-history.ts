import type { NewEvent } from "../../shared/event-envelope.js";
import type { EventStore } from "../../central/event-store/event-store.js";
import {
  actionEvent,
  conversationEvent,
  erasedEvent,
  intentEvent,
  messageEvent,
  profileEvent,
  replyEvent,
  type ActionEventType,
} from "./catalog-events.js";

/** A small deterministic random source (LCG), so a history is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const ACTION_PATHS: ActionEventType[][] = [
  ["action.proposed", "action.approved", "action.executed"],
  ["action.proposed", "action.denied"],
  ["action.proposed", "action.approved", "action.executed", "action.reversed"],
  ["action.proposed"],
];

/**
 * Appends a varied history through the store: two tenants, a handful of customers and conversations, messages,
 * replies, intents, profile updates, refunds and discounts in every outcome, escalations, resolutions and an erasure,
 * in conversation, customer and action streams, in batches of 1-4 events. Returns how many events were appended.
 */
export async function appendMixedHistory(
  store: EventStore,
  options: { seed: number; events: number; prefix: string },
): Promise<number> {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tenants = ["acme", "globex"];
  let appended = 0;
  let actions = 0;
  while (appended < options.events) {
    const tenantId = pick(tenants);
    const customer = `${options.prefix}-c${Math.floor(next() * 4)}`;
    const conversation = `${customer}-conv${Math.floor(next() * 2)}`;
    const ids = { tenantId, customerId: customer, conversationId: conversation };
    const roll = next();
    let stream = `conversation:${tenantId}:${conversation}`;
    let batch: NewEvent[];
    if (roll < 0.35)
      batch = [
        messageEvent({ ...ids, text: `hello ${appended}` }),
        replyEvent({ ...ids, model: pick(["m-a", "m-b"]) }),
      ];
    else if (roll < 0.5)
      batch = [
        intentEvent({
          ...ids,
          intent: pick(["refund", "where_is_my_order", "cancel"]),
          confidence: Math.round(next() * 100) / 100,
        }),
      ];
    else if (roll < 0.6) {
      stream = `customer:${tenantId}:${customer}`;
      batch = [profileEvent(customer, { name: `name ${appended}`, tier: pick(["gold", "silver", null]) }, tenantId)];
    } else if (roll < 0.8) {
      const actionId = `${options.prefix}-a${actions++}`;
      stream = `action:${tenantId}:${actionId}`;
      const conversationId = next() < 0.8 ? conversation : null;
      const action = pick(["refund", "discount"] as const);
      batch = pick(ACTION_PATHS).map((type) => actionEvent(type, { ...ids, conversationId, actionId, action }));
    } else if (roll < 0.9)
      batch = [conversationEvent(pick(["conversation.escalated", "conversation.resolved"] as const), ids)];
    else if (roll < 0.93) {
      stream = `customer:${tenantId}:${customer}`;
      batch = [erasedEvent(customer, tenantId)];
    } else batch = [messageEvent({ ...ids, text: `again ${appended}` })];
    const result = await store.append(stream, batch, { expectedVersion: "any" });
    if (!result.ok) throw new Error(`mixed history append failed: ${JSON.stringify(result.error)}`);
    appended += batch.length;
  }
  return appended;
}
