import { randomUUID } from "node:crypto";
import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import type { ErasureReport } from "../../shared/admin-api.js";
import type { EventData } from "../../shared/events/catalog.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import { readStreamOrEmpty } from "../event-store/read-stream-events.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import type { CustomerEventCounter } from "./customer-event-counter.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { customerStreamName } from "../event-store/stream-name.js";

/** How often the `customer.erased` append is retried after a concurrent write to the customer's stream. */
const APPEND_ATTEMPTS = 5;

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

/** The key is gone and the erasure recorded, but a later step failed: call `erase` again to finish (idempotent). */
export interface ErasureIncomplete {
  code: "erasure_incomplete";
  step: "summary_cache";
  message: string;
}

/** Erases customers' personal data by crypto-shredding, keeping the log append-only. */
export interface ErasureService {
  /** Destroys the key, records `customer.erased`, rebuilds the customer's projections and clears the edge cache. */
  erase(request: ErasureRequest): Promise<Result<ErasureReport, ErasureIncomplete>>;
}

/** What the erasure service needs; `rebuildCustomer` refolds the customer's projections (summary, conversations). */
export interface ErasureServiceDeps {
  eventStore: EventStore;
  keys: CustomerKeyStore;
  countCustomerEvents: CustomerEventCounter;
  rebuildCustomer: (tenantId: string, customerId: string) => Promise<void>;
  summaryCache: SummaryCache;
  clock: Clock;
}

function erasedEvent(request: ErasureRequest): NewEvent {
  const data: EventData<"customer.erased"> = {
    customerId: request.customerId,
    requestedBy: request.requestedBy,
    reason: request.reason,
  };
  return {
    eventId: randomUUID(),
    type: "customer.erased",
    data,
    metadata: {
      tenantId: request.tenantId,
      correlationId: request.correlationId ?? randomUUID(),
      causationId: null,
      actor: { kind: "admin", id: request.requestedBy },
      modelVersion: null,
      policyVersion: null,
      sources: [{ kind: "erasure-request", ref: request.requestedBy }],
    },
  };
}

const lastErasure = (events: EventEnvelope[]) => events.findLast((event) => event.type === "customer.erased");

/** Creates the erasure service. */
export function createErasureService(deps: ErasureServiceDeps): ErasureService {
  /** Appends `customer.erased` unless one lands concurrently (then that one is the erasure). */
  async function record(request: ErasureRequest, stream: string): Promise<{ event: EventEnvelope; appended: boolean }> {
    const event = erasedEvent(request);
    for (let attempt = 1; ; attempt++) {
      const existing = await readStreamOrEmpty(deps.eventStore, stream);
      const previous = lastErasure(existing);
      const version = existing.at(-1)?.streamVersion ?? 0;
      // After an erasure, only events written under a new key (the customer came back) call for another one.
      if (previous && attempt > 1 && (await deps.keys.get(request.tenantId, request.customerId)) === null) {
        return { event: previous, appended: false };
      }
      const result = await deps.eventStore.append(stream, [event], { expectedVersion: version });
      if (result.ok) {
        const [recorded] = await readStreamOrEmpty(deps.eventStore, stream, {
          fromVersion: result.value.positions[0]?.streamVersion ?? 1,
          limit: 1,
        });
        if (!recorded)
          throw new Error(`customer.erased ${event.eventId} is missing from ${stream} right after its append`);
        return { event: recorded, appended: !result.value.duplicate };
      }
      if (attempt >= APPEND_ATTEMPTS) throw new Error(`${stream} kept changing while recording the erasure; retry`);
    }
  }

  return {
    async erase(request) {
      const { tenantId, customerId } = request;
      const stream = customerStreamName(tenantId, customerId);
      const previous = lastErasure(await readStreamOrEmpty(deps.eventStore, stream));
      const key = await deps.keys.get(tenantId, customerId);
      let alreadyErased = previous !== undefined && key === null;
      let keyDestroyed = false;
      let erasure = previous;
      if (!alreadyErased) {
        keyDestroyed = (await deps.keys.destroy(tenantId, customerId)).destroyed;
        const recorded = await record(request, stream);
        erasure = recorded.event;
        alreadyErased = !recorded.appended;
      }
      if (!erasure) throw new Error(`no customer.erased in ${stream} after recording it`);
      // Both steps are idempotent: repeating them on every call lets a retry finish an erasure that failed midway.
      await deps.rebuildCustomer(tenantId, customerId);
      const removed = await deps.summaryCache.remove(tenantId, customerId);
      if (!removed.ok) {
        return err({
          code: "erasure_incomplete",
          step: "summary_cache",
          message: `the key is destroyed and the erasure recorded, but the edge summary cache could not be cleared (${removed.error.message}): retry the erasure`,
        });
      }
      const { eventId, streamVersion, globalPosition, recordedAt } = erasure;
      return ok({
        tenantId,
        customerId,
        alreadyErased,
        keyDestroyed,
        erasure: { eventId, stream, streamVersion, globalPosition, recordedAt },
        counts: await deps.countCustomerEvents(tenantId, customerId),
        completedAt: deps.clock().toISOString(),
      });
    },
  };
}
