import type { PolicyActionType } from "./action-types.js";

/**
 * Rule ids the evaluator uses for checks every policy gets (they cannot be used as ids of a document's own rules).
 * Limits written in a document get ids derived from where they are (they contain a dot, which a document's own rule
 * ids cannot): see {@link limitRuleId}.
 */
export const SYSTEM_RULE_IDS = {
  /**
   * The customer's identity is not vouched for (a web visitor without the merchant's identity token): actions on
   * orders or money are denied; only a ticket or a handoff without an order may go ahead.
   */
  identityUnverified: "identity.unverified",
  /** No policy is active for the tenant: every proposal is denied. */
  noActivePolicy: "no_active_policy",
  /** The proposal's type is not an action type Frontdesk knows. */
  unknownActionType: "unknown_action_type",
  /** The action type is known but the policy does not allow it (absent from `actions` or disabled). */
  actionNotAllowed: "action_not_allowed",
  /** The policy belongs to another tenant than the proposal's context. */
  tenantMismatch: "tenant_mismatch",
  /** A monetary action without an amount or currency. */
  amountRequired: "amount_required",
  /** The proposal's currency is not the policy's currency. */
  currencyMismatch: "currency_mismatch",
  /** The action needs an order (`requiresOrder`) and the proposal names none, or it is not the order in the context. */
  orderRequired: "order_required",
  /** A refund larger than the order's total. */
  refundExceedsOrder: "refund_exceeds_order",
  /** A number in the proposal or the context is not a finite non-negative number: fail closed. */
  invalidInput: "invalid_input",
} as const;

/** A system rule id. */
export type SystemRuleId = (typeof SYSTEM_RULE_IDS)[keyof typeof SYSTEM_RULE_IDS];

/** The kinds of limit a document can set, each with a derived rule id. */
export type LimitKind = "approval" | "max_amount" | "per_customer_count" | "per_customer_total";

/**
 * The rule id of a limit written in an action's section: `<actionType>.<kind>`, e.g. `refund.max_amount`;
 * `<actionType>.approval` names the action's base approval.
 */
export function limitRuleId(type: PolicyActionType, kind: LimitKind): string {
  return `${type}.${kind}`;
}

/** The rule id of the tenant's daily budget. */
export const DAILY_BUDGET_RULE_ID = "tenant.daily_budget";

/** True when an id is one of the system rule ids (a document's own rules may not use them). */
export function isSystemRuleId(id: string): boolean {
  return (Object.values(SYSTEM_RULE_IDS) as string[]).includes(id);
}
