import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { MONETARY_ACTION_TYPES, type PolicyActionType } from "../../../shared/policy/action-types.js";
import type { PolicyUsage } from "../../../shared/policy/policy-context.js";
import { evolveActionState, executionRetryable, initialActionState, type ActionState } from "../lifecycle/action-state.js";

const DAY_MS = 86_400_000;

/** Every action, folded from the global log: the read model behind usage limits, the approval queue and recovery. */
export interface LedgerState {
  /** Global position of the last event folded in. */
  position: number;
  /** Keyed by `<tenantId>\u0000<actionId>`. */
  actions: Map<string, ActionState>;
}

/** An empty ledger. */
export function emptyLedger(): LedgerState {
  return { position: 0, actions: new Map() };
}

function slot(tenantId: string, actionId: string): string {
  return `${tenantId}\u0000${actionId}`;
}

/** Folds events (ascending global positions) into the ledger; only `action:` streams count, others only move the position. */
export function foldLedger(ledger: LedgerState, events: readonly EventEnvelope[]): void {
  for (const event of events) {
    ledger.position = Math.max(ledger.position, event.globalPosition);
    if (!event.stream.startsWith("action:") || !event.type.startsWith("action.")) continue;
    const actionId = event.stream.slice(event.stream.lastIndexOf(":") + 1);
    const key = slot(event.metadata.tenantId, actionId);
    const state = ledger.actions.get(key) ?? initialActionState(event.metadata.tenantId, actionId);
    ledger.actions.set(key, evolveActionState(state, [event]));
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

/**
 * Usage for a proposal's limits (shared/policy policy-context): this customer's counting actions of `type` approved in
 * the `windowDays` ending at `now`, and the tenant's counting monetary actions approved on `now`'s UTC day.
 */
export function usageOf(ledger: LedgerState, input: UsageQuery): PolicyUsage {
  const now = Date.parse(input.now);
  const windowStart = now - input.windowDays * DAY_MS;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  let customerPeriodCount = 0;
  let customerPeriodTotalMinor = 0;
  let tenantDayTotalMinor = 0;
  for (const action of ledger.actions.values()) {
    if (action.tenantId !== input.tenantId || !counts(action) || action.decidedAt === null) continue;
    if (input.beforePosition !== undefined && (action.approvedPosition ?? Number.POSITIVE_INFINITY) >= input.beforePosition) continue;
    const at = Date.parse(action.decidedAt);
    // No upper bound: an action recorded "after" now (another instance's clock running ahead) still counts.
    if (action.customerId === input.customerId && action.type === input.type && at > windowStart) {
      customerPeriodCount += 1;
      customerPeriodTotalMinor += action.amountMinor ?? 0;
    }
    if ((MONETARY_ACTION_TYPES as readonly string[]).includes(action.type) && at >= dayStart) tenantDayTotalMinor += action.amountMinor ?? 0;
  }
  return { customerPeriodCount, customerPeriodTotalMinor, tenantDayTotalMinor };
}

/** Executed (not reversed) refunds of a customer: the policy's `customer.priorRefunds`. */
export function priorRefundsOf(ledger: LedgerState, tenantId: string, customerId: string): number {
  let refunds = 0;
  for (const action of ledger.actions.values()) {
    if (action.tenantId === tenantId && action.customerId === customerId && action.type === ("refund" satisfies PolicyActionType) && action.status === "executed") refunds += 1;
  }
  return refunds;
}

/** Actions of a tenant waiting for humans, unexpired at `now`, oldest request first. */
export function pendingApprovals(ledger: LedgerState, tenantId: string, now: string): ActionState[] {
  const at = Date.parse(now);
  return [...ledger.actions.values()]
    .filter((action) => action.tenantId === tenantId && action.status === "pending_approval" && (action.expiresAt === null || Date.parse(action.expiresAt) > at))
    .sort((a, b) => (a.requestedAt ?? "").localeCompare(b.requestedAt ?? ""));
}

/**
 * Actions approved but not yet executed (a crash or a failed execution in between) that are worth another attempt:
 * not after a semantic failure (the integration refused) nor after {@link MAX_EXECUTION_ATTEMPTS} failures.
 */
export function approvedNotExecuted(ledger: LedgerState): ActionState[] {
  return [...ledger.actions.values()].filter((action) => action.status === "approved" && executionRetryable(action));
}

/** Pending actions whose approval window closed before `now` (the sweep records their expiry). */
export function expiredApprovals(ledger: LedgerState, now: string): ActionState[] {
  const at = Date.parse(now);
  return [...ledger.actions.values()].filter((action) => action.status === "pending_approval" && action.expiresAt !== null && Date.parse(action.expiresAt) <= at);
}
