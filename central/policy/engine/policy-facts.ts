import { AMOUNT_ACTION_TYPES, type PolicyActionType } from "../../../shared/policy/action-types.js";
import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";
import type { ConditionField, PolicyCondition } from "../../../shared/policy/policy-condition.js";

const DAY_MS = 86_400_000;

/** The facts a decision reads, resolved once per proposal; null means unknown. */
export interface PolicyFacts {
  amountMinor: number | null;
  orderAgeDays: number | null;
  orderTotalMinor: number | null;
  context: PolicyContext;
}

/**
 * Resolves the facts of a proposal: actions without amounts count as 0; the context's order is used only when the
 * proposal names no order or names that one (facts about another order would be wrong, so they are unknown).
 */
export function resolveFacts(type: PolicyActionType, proposal: ActionProposal, context: PolicyContext): PolicyFacts {
  const amountMinor = AMOUNT_ACTION_TYPES.includes(type) ? (proposal.amountMinor ?? null) : 0;
  const order =
    context.order && (!proposal.orderId || proposal.orderId === context.order.orderId) ? context.order : null;
  const age = order?.placedAt ? (Date.parse(context.now) - Date.parse(order.placedAt)) / DAY_MS : Number.NaN;
  // an unparsable date is unknown, never NaN: NaN would make every comparison false and loosen the decision
  const orderAgeDays = Number.isFinite(age) ? age : null;
  return { amountMinor, orderAgeDays, orderTotalMinor: order?.totalMinor ?? null, context };
}

type FactValue = number | string | readonly string[] | null;

function factValue(facts: PolicyFacts, field: ConditionField): FactValue {
  switch (field) {
    case "proposal.amountMinor":
      return facts.amountMinor;
    case "order.ageDays":
      return facts.orderAgeDays;
    case "order.totalMinor":
      return facts.orderTotalMinor;
    case "customer.tier":
      return facts.context.customer.tier;
    case "customer.priorRefunds":
      return facts.context.customer.priorRefunds;
    case "customer.riskFlags":
      return facts.context.customer.riskFlags;
    case "usage.customerPeriodCount":
      return facts.context.usage.customerPeriodCount;
    case "usage.customerPeriodTotalMinor":
      return facts.context.usage.customerPeriodTotalMinor;
    case "usage.tenantDayTotalMinor":
      return facts.context.usage.tenantDayTotalMinor;
  }
}

function compareNumber(actual: number, op: PolicyCondition["op"], value: number): boolean {
  switch (op) {
    case "lt":
      return actual < value;
    case "lte":
      return actual <= value;
    case "gt":
      return actual > value;
    case "gte":
      return actual >= value;
    case "eq":
      return actual === value;
    case "neq":
      return actual !== value;
    default:
      return false;
  }
}

function compareString(actual: string, op: PolicyCondition["op"], value: PolicyCondition["value"]): boolean {
  if (op === "eq") return actual === value;
  if (op === "neq") return actual !== value;
  if (!Array.isArray(value)) return false;
  return op === "in" ? value.includes(actual) : op === "not_in" && !value.includes(actual);
}

function compare(actual: number | string | readonly string[], { op, value }: PolicyCondition): boolean {
  if (typeof actual === "number") return typeof value === "number" && compareNumber(actual, op, value);
  if (typeof actual === "string") return compareString(actual, op, value);
  const wanted = Array.isArray(value) ? value : [String(value)];
  return op === "includes_all"
    ? wanted.every((flag) => actual.includes(flag))
    : wanted.some((flag) => actual.includes(flag));
}

function show(value: FactValue | PolicyCondition["value"]): string {
  if (value === null) return "unknown";
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return JSON.stringify(value);
}

/**
 * Whether a condition holds. A condition on an unknown fact holds: rules only restrict, so missing data must never
 * loosen a decision.
 */
export function conditionHolds(facts: PolicyFacts, condition: PolicyCondition): boolean {
  const actual = factValue(facts, condition.field);
  return actual === null || compare(actual, condition);
}

/** The evidence for a condition, e.g. `order.ageDays is 41.5 (gt 30)` or `customer.tier is unknown (in [gold])`. */
export function conditionEvidence(facts: PolicyFacts, condition: PolicyCondition): string {
  return `${condition.field} is ${show(factValue(facts, condition.field))} (${condition.op} ${show(condition.value)})`;
}
