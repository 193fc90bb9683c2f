import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { MONETARY_ACTION_TYPES, type PolicyActionType } from "../../../shared/policy/action-types.js";
import type { PolicyUsage } from "../../../shared/policy/policy-context.js";
import {
  evolveActionState,
  executionRetryable,
  initialActionState,
  type ActionState,
} from "../lifecycle/action-state.js";

const DAY_MS = 86_400_000;

/** Every action, folded from the global log: the read model behind usage limits, the approval queue and recovery. */
export interface LedgerState {
  /** Global position of the last event folded in. */
  position: number;
  /** Every action, by `<tenantId>\u0000<customerId>` then action id: what usage and prior refunds read. */
  byCustomer: Map<string, Map<string, ActionState>>;
  /** Every action, by tenant then action id: what the tenant's daily total reads. */
  byTenant: Map<string, Map<string, ActionState>>;
  /**
   * Actions waiting for humans or for execution (pending or approved), by `<tenantId>\u0000<actionId>`: the queue and
   * the sweep.
   */
  open: Map<string, ActionState>;
}

/** An empty ledger. */
export function emptyLedger(): LedgerState {
  return { position: 0, byCustomer: new Map(), byTenant: new Map(), open: new Map() };
}

function slot(first: string, second: string): string {
  return `${first}\u0000${second}`;
}

function put(index: Map<string, Map<string, ActionState>>, key: string, state: ActionState): void {
  const entries = index.get(key) ?? new Map<string, ActionState>();
  entries.set(state.actionId, state);
  index.set(key, entries);
}

/**
 * Folds events (ascending global positions) into the ledger; only `action:` streams count, others only move the
 * position.
 */
export function foldLedger(ledger: LedgerState, events: readonly EventEnvelope[]): void {
  for (const event of events) {
    ledger.position = Math.max(ledger.position, event.globalPosition);
    if (!event.stream.startsWith("action:") || !event.type.startsWith("action.")) continue;
    const { tenantId } = event.metadata;
    const actionId = event.stream.slice(event.stream.lastIndexOf(":") + 1);
    const before = ledger.byTenant.get(tenantId)?.get(actionId) ?? initialActionState(tenantId, actionId);
    const state = evolveActionState(before, [event]);
    if (before.customerId !== state.customerId)
      ledger.byCustomer.get(slot(tenantId, before.customerId))?.delete(actionId);
    put(ledger.byTenant, tenantId, state);
    put(ledger.byCustomer, slot(tenantId, state.customerId), state);
    if (state.status === "pending_approval" || state.status === "approved")
      ledger.open.set(slot(tenantId, actionId), state);
    else ledger.open.delete(slot(tenantId, actionId));
  }
}

/** True when an action counts against limits: approved (automatically or by humans) and not denied or reversed. */
function counts(action: ActionState): boolean {
  return action.status === "approved" || action.status === "executed";
}

/** Whose usage, of which type, at what time and window; `beforePosition` counts only approvals earlier in the log. */
export interface UsageQuery {
  tenantId: string;
  customerId: string;
  type: string;
  now: string;
  windowDays: number;
  /** Count only actions approved at a global position below this one (the log's order decides who spent first). */
  beforePosition?: number;
}

/** What a decision reads from the ledger: usage for the proposal's limits and the customer's prior refunds. */
export interface LedgerFacts {
  usage: PolicyUsage;
  /** Executed (not reversed) refunds of the customer: the policy's `customer.priorRefunds`. */
  priorRefunds: number;
}

/**
 * Usage for a proposal's limits (shared/policy policy-context): this customer's counting actions of `type` approved in
 * the `windowDays` ending at `now`, and the tenant's counting monetary actions approved on `now`'s UTC day; with the
 * customer's executed refunds. Reads only this customer's and this tenant's actions.
 */
export function factsOf(ledger: LedgerState, input: UsageQuery): LedgerFacts {
  const now = Date.parse(input.now);
  const windowStart = now - input.windowDays * DAY_MS;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const earlier = (action: ActionState) =>
    input.beforePosition === undefined || (action.approvedPosition ?? Number.POSITIVE_INFINITY) < input.beforePosition;
  let customerPeriodCount = 0;
  let customerPeriodTotalMinor = 0;
  let tenantDayTotalMinor = 0;
  let priorRefunds = 0;
  for (const action of ledger.byCustomer.get(slot(input.tenantId, input.customerId))?.values() ?? []) {
    if (action.type === ("refund" satisfies PolicyActionType) && action.status === "executed") priorRefunds += 1;
    if (action.type !== input.type || !counts(action) || action.decidedAt === null || !earlier(action)) continue;
    // No upper bound: an action recorded "after" now (another instance's clock running ahead) still counts.
    if (Date.parse(action.decidedAt) > windowStart) {
      customerPeriodCount += 1;
      customerPeriodTotalMinor += action.amountMinor ?? 0;
    }
  }
  for (const action of ledger.byTenant.get(input.tenantId)?.values() ?? []) {
    if (!counts(action) || action.decidedAt === null || !earlier(action)) continue;
    if ((MONETARY_ACTION_TYPES as readonly string[]).includes(action.type) && Date.parse(action.decidedAt) >= dayStart)
      tenantDayTotalMinor += action.amountMinor ?? 0;
  }
  return { usage: { customerPeriodCount, customerPeriodTotalMinor, tenantDayTotalMinor }, priorRefunds };
}

/** Actions of a tenant waiting for humans, unexpired at `now`, oldest request first. */
export function pendingApprovals(ledger: LedgerState, tenantId: string, now: string): ActionState[] {
  const at = Date.parse(now);
  return [...ledger.open.values()]
    .filter(
      (action) =>
        action.tenantId === tenantId &&
        action.status === "pending_approval" &&
        (action.expiresAt === null || Date.parse(action.expiresAt) > at),
    )
    .sort((a, b) => (a.requestedAt ?? "").localeCompare(b.requestedAt ?? ""));
}

/**
 * Actions approved but not yet executed (a crash or a failed execution in between) that are worth another attempt:
 * not after a semantic failure (the integration refused) nor after {@link MAX_EXECUTION_ATTEMPTS} failures.
 */
export function approvedNotExecuted(ledger: LedgerState): ActionState[] {
  return [...ledger.open.values()].filter((action) => action.status === "approved" && executionRetryable(action));
}

/** Pending actions whose approval window closed before `now` (the sweep records their expiry). */
export function expiredApprovals(ledger: LedgerState, now: string): ActionState[] {
  const at = Date.parse(now);
  return [...ledger.open.values()].filter(
    (action) => action.status === "pending_approval" && action.expiresAt !== null && Date.parse(action.expiresAt) <= at,
  );
}
