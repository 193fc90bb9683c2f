import type { z } from "zod";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import type { EventData, EventType } from "../../shared/events/catalog.js";

/** The row a projection keeps per tenant and id (customer id, conversation id). */
export interface ProjectionKey {
  tenantId: string;
  id: string;
}

/** Names of the projections central keeps. */
export type ProjectionName = "customer-summary" | "conversation-state";

/**
 * A projection as a pure fold per key: which rows an event touches, the state of a new row and how an event changes
 * it. No I/O: storage, checkpoints and transactions belong to the runner.
 */
export interface KeyedProjection<S extends Record<string, unknown>> {
  name: ProjectionName;
  /** Parses a stored state (JSON) back into `S`. */
  schema: z.ZodType<S>;
  /** The rows this event changes (none when it does not concern the projection). */
  keysOf(event: EventEnvelope): ProjectionKey[];
  initialState(key: ProjectionKey): S;
  evolve(state: S, event: EventEnvelope): S;
  /** Global position of the last event folded into a state (its row's version). */
  versionOf(state: S): number;
}

/** A stable string for a key, usable in Maps. */
export function keyString(key: ProjectionKey): string {
  return `${key.tenantId}\u0000${key.id}`;
}

/**
 * Folds events into the states they touch, starting from `current` (rows already stored) or the initial state.
 * Returns only the states that changed, keyed by {@link keyString}.
 */
export function foldEvents<S extends Record<string, unknown>>(
  projection: KeyedProjection<S>,
  events: readonly EventEnvelope[],
  current: { get(slot: string): S | undefined } = new Map(),
): Map<string, { key: ProjectionKey; state: S }> {
  const changed = new Map<string, { key: ProjectionKey; state: S }>();
  for (const event of events) {
    for (const key of projection.keysOf(event)) {
      const slot = keyString(key);
      const state = changed.get(slot)?.state ?? current.get(slot) ?? projection.initialState(key);
      changed.set(slot, { key, state: projection.evolve(state, event) });
    }
  }
  return changed;
}

/** The event's data as its catalog type describes it (the store validated it at append time). */
export function dataOf<K extends EventType>(event: EventEnvelope, type: K): EventData<K> {
  if (event.type !== type) throw new Error(`dataOf: event ${event.eventId} is ${event.type}, not ${type}`);
  return event.data as EventData<K>;
}

/** The customer an event concerns, by the catalog's rule that every data schema names `customerId`. */
export function customerKeyOf(event: EventEnvelope): ProjectionKey[] {
  const customerId = event.data.customerId;
  return typeof customerId === "string" && customerId !== ""
    ? [{ tenantId: event.metadata.tenantId, id: customerId }]
    : [];
}
