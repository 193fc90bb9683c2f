import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import type { ErasureReport } from "../../shared/admin-api.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { DataIssue } from "../event-store/append-validation.js";
import type { EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import { readStreamOrEmpty } from "../event-store/read-stream-events.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import type { CustomerEventCounter } from "./customer-event-counter.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { validatePlaintextAppend } from "./plaintext-validation.js";
import { handleCommand } from "../event-store/handle-command.js";
import { erasedEvent, erasureDecider, type ErasureRequest } from "./erasure-decider.js";

export type { ErasureRequest } from "./erasure-decider.js";

/** The request cannot be recorded as it is (ids, lengths, text the database cannot store): nothing was done. */
export interface InvalidErasureRequest {
  code: "invalid_erasure_request";
  /** Where in `customer.erased` (`data.reason`, `metadata.actor.id` for `requestedBy`…) and what. */
  issues: DataIssue[];
  message: string;
}

/** The erasure is recorded and the key gone, but a later step failed: call `erase` again to finish (idempotent). */
export interface ErasureIncomplete {
  code: "erasure_incomplete";
  step: "summary_cache";
  message: string;
}

/** Why an erasure did not complete. */
export type ErasureFailure = InvalidErasureRequest | ErasureIncomplete;

/** Erases customers' personal data by crypto-shredding, keeping the log append-only. */
export interface ErasureService {
  /**
   * Records `customer.erased`, then destroys the key it names, rebuilds the customer's projections and clears the edge
   * cache. Idempotent and resumable: a call after a failure at any step finishes the recorded erasure.
   */
  erase(request: ErasureRequest): Promise<Result<ErasureReport, ErasureFailure>>;
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

/** The erasure this call completes: the one it recorded, or an earlier one whose steps may still be unfinished. */
interface RecordedErasure {
  event: EventEnvelope;
  appended: boolean;
  /** The key it destroys, null when there was none. */
  keyId: string | null;
}

/**
 * Creates the erasure service. The record comes first: `customer.erased` names the customer's current key, then that
 * key is destroyed. A key is thus never destroyed without a record, and a call that finds a recorded erasure whose
 * key still exists finishes it instead of recording another; a key created after it (the customer came back) calls
 * for a new erasure.
 */
export function createErasureService(deps: ErasureServiceDeps): ErasureService {
  /** Records `customer.erased` for the current key, or returns the recorded erasure that covers it. */
  async function record(request: ErasureRequest, stream: string, correlationId: string): Promise<RecordedErasure> {
    let keyId: string | null = null;
    const handled = await handleCommand(deps.eventStore, stream, erasureDecider, async () => {
      keyId = (await deps.keys.get(request.tenantId, request.customerId))?.keyId ?? null;
      return { request, keyId, correlationId, eventId: randomUUID() };
    });
    if (!handled.ok) throw new Error(`${stream} kept changing while recording the erasure; retry`);
    const { outcome, appended } = handled.value;
    if (outcome.kind === "already_recorded") return { event: outcome.erasure, appended: false, keyId };
    const [recorded] = await readStreamOrEmpty(deps.eventStore, stream, {
      fromVersion: appended?.positions[0]?.streamVersion ?? 1,
      limit: 1,
    });
    if (!recorded) throw new Error(`customer.erased is missing from ${stream} right after its append`);
    return { event: recorded, appended: appended !== null && !appended.duplicate, keyId };
  }

  return {
    async erase(request) {
      const { tenantId, customerId } = request;
      // Not customerStreamName: an id the log cannot hold is refused below as a value, not thrown.
      const stream = `customer:${tenantId}:${customerId}`;
      const correlationId = request.correlationId ?? randomUUID();
      // Validate first: a request the log cannot record must change nothing (not even the key).
      const valid = validatePlaintextAppend(stream, [
        erasedEvent(request, null, { correlationId, eventId: randomUUID() }),
      ]);
      if (!valid.ok) {
        const issues = valid.error.code === "invalid_event_data" ? valid.error.issues : [];
        return err({ code: "invalid_erasure_request", issues, message: valid.error.message });
      }
      const erasure = await record(request, stream, correlationId);
      const keyDestroyed =
        erasure.keyId !== null && (await deps.keys.destroy(tenantId, customerId, { keyId: erasure.keyId })).destroyed;
      // The remaining steps are idempotent: repeating them on every call lets a retry finish an interrupted erasure.
      await deps.rebuildCustomer(tenantId, customerId);
      const removed = await deps.summaryCache.remove(tenantId, customerId);
      if (!removed.ok) {
        return err({
          code: "erasure_incomplete",
          step: "summary_cache",
          message:
            "the key is destroyed and the erasure recorded, but the edge summary cache could not be cleared " +
            `(${removed.error.message}): retry the erasure`,
        });
      }
      const { eventId, streamVersion, globalPosition, recordedAt } = erasure.event;
      return ok({
        tenantId,
        customerId,
        alreadyErased: !erasure.appended,
        keyDestroyed,
        erasure: { eventId, stream, streamVersion, globalPosition, recordedAt },
        counts: await deps.countCustomerEvents(tenantId, customerId),
        completedAt: deps.clock().toISOString(),
      });
    },
  };
}
