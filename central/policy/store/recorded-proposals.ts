import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { actionProposalSchema, type PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { AuditRecord } from "../../../shared/policy/audit-record.js";
import { policyContextSchema } from "../../../shared/policy/policy-context.js";
import type { EventStore } from "../../event-store/event-store.js";
import { createSubscription } from "../../subscriptions/subscription.js";
import { auditDecisions } from "../engine/audit-decisions.js";
import type { PolicyDryRun } from "./policy-store.js";

/** How many recorded proposals per tenant are kept for replays by default (the newest). */
export const DEFAULT_PROPOSALS_KEPT = 5000;

/** Events read per catch-up page. */
const PAGE = 1000;

/** The tenant's most recent decided proposals, as the retroactive audit replays them. */
export interface RecordedProposals {
  /** Up to `limit` of the tenant's most recent proposals that were decided by the policy, oldest first. */
  recent(tenantId: string, limit: number): Promise<AuditRecord[]>;
}

interface Pending {
  record: Omit<AuditRecord, "decision" | "policyVersion"> & Partial<Pick<AuditRecord, "decision" | "policyVersion">>;
  /**
   * The `action.proposed` event's owner and reason as read (ciphertext from an undecorated log), decrypted per query.
   */
  sealed: EventEnvelope;
}

/** No stored reason (or an empty one): what the replayed proposal says instead. */
const NO_REASON = "(no reason recorded)";

/** Options of {@link createRecordedProposals}. */
export interface RecordedProposalsOptions {
  /** How many proposals per tenant are kept (the newest); default {@link DEFAULT_PROPOSALS_KEPT}. */
  kept?: number;
  /**
   * Decrypts personal fields (central/erasure's cipher `decryptEvents`) of the proposals a query returns. With it the
   * log is read undecorated: nothing decrypted is kept in memory, so an erased customer's reason reads as erased, and
   * the rest of the log (every message) is not decrypted. Default: none (the log given is already plaintext).
   */
  decrypt?: (events: EventEnvelope[]) => Promise<EventEnvelope[]>;
}

type Data = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The policy's decision recorded by a decision event, or null for events that are not one. */
function decisionOf(event: EventEnvelope): PolicyDecision | null {
  const data = event.data as Data;
  const ruleIds = strings(data.ruleIds);
  const given = strings(data.reasons);
  const reasons = ruleIds.map((_id, index) => given[index] ?? "");
  if (event.type === "action.approval_requested") {
    const approval = data.approval === "two_humans" ? "two_humans" : "one_human";
    return { verdict: "needs_approval", approval, ruleIds, reasons };
  }
  if (event.type === "action.approved" && data.approvedBy === "policy")
    return { verdict: "approve", approval: "automatic", ruleIds, reasons };
  // A policy denial names no human (`deniedBy`); a human's rejection or an expiry comes after an approval request.
  if (event.type === "action.denied" && data.deniedBy === undefined)
    return { verdict: "deny", approval: null, ruleIds, reasons };
  return null;
}

/**
 * Reads the log's action events (the model's reason, part of the proposal replayed, is decrypted per query) and keeps,
 * per tenant, the newest `kept` proposals that recorded a proposal and its policy context, with the decision
 * the policy made then and whether the action was executed. Caught up from the global log before every query, so
 * what any instance recorded is seen; rebuilt from position 0 when the process starts.
 */
export function createRecordedProposals(
  eventStore: Pick<EventStore, "readAll">,
  options: RecordedProposalsOptions = {},
): RecordedProposals {
  const kept = options.kept ?? DEFAULT_PROPOSALS_KEPT;
  const decrypt = options.decrypt ?? ((events: EventEnvelope[]) => Promise.resolve(events));
  const byAction = new Map<string, Pending>();
  const byTenant = new Map<string, Pending[]>();
  let position = 0;

  function fold(event: EventEnvelope): void {
    const data = event.data as Data;
    const actionId = str(data.actionId);
    if (!event.type.startsWith("action.") || actionId === undefined) return;
    const key = `${event.metadata.tenantId}\n${actionId}`;
    if (event.type === "action.proposed") {
      // The reason may be ciphertext here: validated as a placeholder, filled in (decrypted) when queried.
      const proposal = actionProposalSchema.safeParse({ ...(data.proposal as Data | undefined), reason: NO_REASON });
      const context = policyContextSchema.safeParse(data.context);
      // Recorded before proposals kept their context.
      if (!data.proposal || !proposal.success || !context.success) return;
      const sealed = { ...event, data: { customerId: data.customerId, reason: data.reason } };
      const pending: Pending = {
        record: {
          eventId: event.eventId,
          correlationId: event.metadata.correlationId,
          actionId,
          proposal: proposal.data,
          context: context.data,
          executed: false,
        },
        sealed,
      };
      byAction.set(key, pending);
      const list = byTenant.get(event.metadata.tenantId) ?? [];
      list.push(pending);
      if (list.length > kept)
        for (const dropped of list.splice(0, list.length - kept))
          byAction.delete(`${event.metadata.tenantId}\n${dropped.record.actionId}`);
      byTenant.set(event.metadata.tenantId, list);
      return;
    }
    const pending = byAction.get(key);
    if (!pending) return;
    if (event.type === "action.executed") {
      pending.record.executed = true;
      return;
    }
    const decision = pending.record.decision ? null : decisionOf(event);
    if (decision) {
      pending.record.decision = decision;
      pending.record.policyVersion = typeof data.policyVersion === "number" ? data.policyVersion : null;
    }
  }

  // The log's existing subscriber mechanism, never started as a loop: each query catches up in the foreground.
  const subscription = createSubscription({
    eventStore,
    batchSize: PAGE,
    pollMs: 0,
    subscriber: {
      name: "recorded-proposals",
      position: () => Promise.resolve(position),
      apply(events) {
        for (const event of events) {
          fold(event);
          position = event.globalPosition;
        }
        return Promise.resolve("applied");
      },
    },
  });

  return {
    async recent(tenantId, limit) {
      await subscription.catchUp();
      const decided = (byTenant.get(tenantId) ?? []).flatMap(({ record, sealed }) =>
        record.decision
          ? [{ record: { ...record, decision: record.decision, policyVersion: record.policyVersion ?? null }, sealed }]
          : [],
      );
      const newest = decided.slice(Math.max(0, decided.length - limit));
      const opened = await decrypt(newest.map(({ sealed }) => sealed));
      return newest.map(({ record }, index) => ({
        ...record,
        proposal: { ...record.proposal, reason: str((opened[index]?.data as Data | undefined)?.reason) || NO_REASON },
      }));
    },
  };
}

/** The dry-run/audit over recorded proposals: PA's pure `auditDecisions` on the tenant's most recent records. */
export function createPolicyAudit(recorded: RecordedProposals): PolicyDryRun {
  return async (tenantId, candidate, limit) => auditDecisions(await recorded.recent(tenantId, limit), candidate);
}
