import type { EventEnvelope } from "../../../shared/event-envelope.js";
import { MONETARY_ACTION_TYPES, type PolicyActionType } from "../../../shared/policy/action-types.js";
import type { PolicyUsage } from "../../../shared/policy/policy-context.js";
import { parseRecordedEvent, type RecordedEvent } from "../../event-store/recorded-event.js";
import { evolveAction, executionRetryable, initialActionState, type ActionState } from "../lifecycle/action-state.js";

const DAY_MS = 86_400_000;

/** One tenant's actions, indexed for the queries the ledger answers. */
export interface TenantLedger {
  /** Every action of the tenant, by id: what the tenant's daily total reads. */
  actions: ReadonlyMap<string, ActionState>;
  /** The same actions by customer, then id: what usage and prior refunds read. */
  byCustomer: ReadonlyMap<string, ReadonlyMap<string, ActionState>>;
  /** Actions waiting for humans or for execution (pending or approved), by id: the queue and the sweep. */
  open: ReadonlyMap<string, ActionState>;
}

/** Every action, folded from the global log: the read model behind usage limits, the approval queue and recovery. */
export interface LedgerState {
  /** Global position of the last event folded in. */
  position: number;
  tenants: ReadonlyMap<string, TenantLedger>;
}

const NO_ACTIONS: TenantLedger = { actions: new Map(), byCustomer: new Map(), open: new Map() };

/** An empty ledger. */
export function emptyLedger(): LedgerState {
  return { position: 0, tenants: new Map() };
}

/**
 * Folds events (ascending global positions) into a new ledger, leaving `ledger` as it was; only `action.*` events of
 * `action:` streams count, each through {@link evolveAction}, others only move the position. A tenant's indexes are
 * copied once per call, not per event, so a catch-up costs about what one usage query over that tenant does.
 */
export function foldLedger(ledger: LedgerState, events: readonly EventEnvelope[]): LedgerState {
  let position = ledger.position;
  const byTenant = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    position = Math.max(position, event.globalPosition);
    if (!event.stream.startsWith("action:") || !event.type.startsWith("action.")) continue;
    const tenantEvents = byTenant.get(event.metadata.tenantId) ?? [];
    tenantEvents.push(parseRecordedEvent(event));
    byTenant.set(event.metadata.tenantId, tenantEvents);
  }
  if (byTenant.size === 0) return position === ledger.position ? ledger : { ...ledger, position };
  const tenants = new Map(ledger.tenants);
  for (const [tenantId, tenantEvents] of byTenant)
    tenants.set(tenantId, foldTenant(tenants.get(tenantId) ?? NO_ACTIONS, tenantId, tenantEvents));
  return { position, tenants };
}

/** A tenant's indexes after its events: fresh copies, changed in place only while they are built. */
function foldTenant(tenant: TenantLedger, tenantId: string, events: readonly RecordedEvent[]): TenantLedger {
  const actions = new Map(tenant.actions);
  const open = new Map(tenant.open);
  const byCustomer = new Map(tenant.byCustomer);
  const copied = new Map<string, Map<string, ActionState>>();
  const customer = (customerId: string) => {
    let entries = copied.get(customerId);
    if (!entries) {
      entries = new Map(byCustomer.get(customerId));
      copied.set(customerId, entries);
      byCustomer.set(customerId, entries);
    }
    return entries;
  };
  for (const event of events) {
    const actionId = event.stream.slice(event.stream.lastIndexOf(":") + 1);
    const before = actions.get(actionId) ?? initialActionState(tenantId, actionId);
    const state = evolveAction(before, event);
    actions.set(actionId, state);
    if (before.customerId !== state.customerId && byCustomer.has(before.customerId))
      customer(before.customerId).delete(actionId);
    customer(state.customerId).set(actionId, state);
    if (state.status === "pending_approval" || state.status === "approved") open.set(actionId, state);
    else open.delete(actionId);
  }
  return { actions, byCustomer, open };
}

/** True when an action counts against limits: approved (automatically or by humans) and not denied or reversed. */
function counts(action: ActionState): boolean {
  return action.status === "approved" || action.status === "executed";
}

/**
 * Whose usage, of which type, at what time and window; `beforePosition` counts only approvals (and prior refunds only
 * executions) earlier in the log.
 */
export interface UsageQuery {
  tenantId: string;
  customerId: string;
  type: string;
  now: string;
  windowDays: number;
  /**
   * Count only actions approved, and prior refunds executed, at a global position below this one (the log's order
   * decides who spent first, and a confirmation made later gives the same answer).
   */
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
  const before = (position: number | null) =>
    input.beforePosition === undefined || (position ?? Number.POSITIVE_INFINITY) < input.beforePosition;
  const earlier = (action: ActionState) => before(action.approvedPosition);
  let customerPeriodCount = 0;
  let customerPeriodTotalMinor = 0;
  let tenantDayTotalMinor = 0;
  let priorRefunds = 0;
  const tenant = ledger.tenants.get(input.tenantId) ?? NO_ACTIONS;
  for (const action of tenant.byCustomer.get(input.customerId)?.values() ?? []) {
    if (action.type === ("refund" satisfies PolicyActionType) && action.status === "executed")
      priorRefunds += before(action.executedPosition) ? 1 : 0;
    if (action.type !== input.type || !counts(action) || action.decidedAt === null || !earlier(action)) continue;
    // No upper bound: an action recorded "after" now (another instance's clock running ahead) still counts.
    if (Date.parse(action.decidedAt) > windowStart) {
      customerPeriodCount += 1;
      customerPeriodTotalMinor += action.amountMinor ?? 0;
    }
  }
  for (const action of tenant.actions.values()) {
    if (!counts(action) || action.decidedAt === null || !earlier(action)) continue;
    if ((MONETARY_ACTION_TYPES as readonly string[]).includes(action.type) && Date.parse(action.decidedAt) >= dayStart)
      tenantDayTotalMinor += action.amountMinor ?? 0;
  }
  return { usage: { customerPeriodCount, customerPeriodTotalMinor, tenantDayTotalMinor }, priorRefunds };
}

/** Actions of a tenant waiting for humans, unexpired at `now`, oldest request first. */
export function pendingApprovals(ledger: LedgerState, tenantId: string, now: string): ActionState[] {
  const at = Date.parse(now);
  return [...(ledger.tenants.get(tenantId)?.open.values() ?? [])]
    .filter(
      (action) =>
        action.status === "pending_approval" && (action.expiresAt === null || Date.parse(action.expiresAt) > at),
    )
    .sort((a, b) => (a.requestedAt ?? "").localeCompare(b.requestedAt ?? ""));
}

/**
 * Actions approved but not yet executed (a crash or a failed execution in between) that are worth another attempt:
 * not after a semantic failure (the integration refused) nor after {@link MAX_EXECUTION_ATTEMPTS} failures.
 */
export function approvedNotExecuted(ledger: LedgerState): ActionState[] {
  return openActions(ledger).filter((action) => action.status === "approved" && executionRetryable(action));
}

/** Pending actions whose approval window closed before `now` (the sweep records their expiry). */
export function expiredApprovals(ledger: LedgerState, now: string): ActionState[] {
  const at = Date.parse(now);
  return openActions(ledger).filter(
    (action) => action.status === "pending_approval" && action.expiresAt !== null && Date.parse(action.expiresAt) <= at,
  );
}

/** Every tenant's open actions. */
function openActions(ledger: LedgerState): ActionState[] {
  return [...ledger.tenants.values()].flatMap((tenant) => [...tenant.open.values()]);
}
