import type { NewEvent } from "../../shared/event-envelope.js";
import type { EventData } from "../../shared/events/catalog.js";
import { ok } from "../../shared/result.js";
import type { Decider } from "../event-store/decider.js";
import type { RecordedEvent, RecordedEventOf } from "../event-store/recorded-event.js";

/** An erasure request: whose data, who asks and why (recorded in `customer.erased`; not personal data). */
export interface ErasureRequest {
  tenantId: string;
  customerId: string;
  /** Admin or operator id, recorded as the actor. */
  requestedBy: string;
  reason: string;
  /** Correlation id of the request (default: a fresh one). */
  correlationId?: string;
}

/** What the customer's stream says about erasures: the last one recorded, if any. */
export interface ErasureStreamState {
  lastErasure: RecordedEventOf<"customer.erased"> | null;
}

/** Record an erasure of the customer's current key (`keyId`, null when the customer has none). */
export interface RecordErasure {
  request: ErasureRequest;
  keyId: string | null;
  correlationId: string;
  /** The id `customer.erased` gets if this decision records one. */
  eventId: string;
}

/** What recording came to: a new `customer.erased`, or an earlier one that already covers the current key. */
export type ErasureRecordOutcome =
  { kind: "recorded" } | { kind: "already_recorded"; erasure: RecordedEventOf<"customer.erased"> };

/** `customer.erased` for a request, naming the key it shreds. */
export function erasedEvent(
  request: ErasureRequest,
  keyId: string | null,
  ids: Omit<RecordErasure, "request" | "keyId">,
) {
  const data: EventData<"customer.erased"> = {
    customerId: request.customerId,
    requestedBy: request.requestedBy,
    reason: request.reason,
    keyId,
  };
  const event: NewEvent = {
    eventId: ids.eventId,
    type: "customer.erased",
    data,
    metadata: {
      tenantId: request.tenantId,
      correlationId: ids.correlationId,
      causationId: null,
      actor: { kind: "admin", id: request.requestedBy },
      modelVersion: null,
      policyVersion: null,
      sources: [{ kind: "erasure-request", ref: request.requestedBy }],
    },
  };
  return event;
}

/**
 * The key a recorded erasure destroys: its `keyId` (null: the customer had none). Erasures recorded before `keyId`
 * existed destroyed the key first, so any key found after them was created later: undefined matches no key.
 */
function erasedKeyId(erasure: RecordedEventOf<"customer.erased">): string | null | undefined {
  return erasure.data.keyId;
}

/**
 * The customer stream's erasure decider: an erasure already recorded covers the current key when it names that key
 * (or the customer has no key); otherwise a new `customer.erased` names the current key, which is destroyed after.
 */
export const erasureDecider: Decider<ErasureStreamState, RecordErasure, RecordedEvent, never, ErasureRecordOutcome> = {
  initialState: () => ({ lastErasure: null }),
  evolve: (state, event) => (event.type === "customer.erased" ? { lastErasure: event } : state),
  decide: (command, { lastErasure }) => {
    if (lastErasure && (command.keyId === null || erasedKeyId(lastErasure) === command.keyId))
      return ok({ events: [], outcome: { kind: "already_recorded", erasure: lastErasure } });
    return ok({ events: [erasedEvent(command.request, command.keyId, command)], outcome: { kind: "recorded" } });
  },
};
