import {
  AMOUNT_ACTION_TYPES,
  isPolicyActionType,
  MONETARY_ACTION_TYPES,
  stricterApproval,
  type Approval,
  type PolicyActionType,
} from "../../../shared/policy/action-types.js";
import type { ActionProposal, PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";
import type { ActionPolicy, PolicyDocument, PolicyRule } from "../../../shared/policy/policy-document.js";
import { DAILY_BUDGET_RULE_ID, limitRuleId, SYSTEM_RULE_IDS } from "../../../shared/policy/rule-ids.js";
import { conditionEvidence, conditionHolds, resolveFacts, type PolicyFacts } from "./policy-facts.js";

/** Actions an unverified customer may still get: they touch no order and no money. */
const IDENTITY_FREE_ACTIONS: readonly string[] = ["create_ticket", "handoff"];

/** A rule that fired, with the reason shown for it. */
interface Finding {
  ruleId: string;
  reason: string;
}

function deny(findings: Finding[]): PolicyDecision {
  return {
    verdict: "deny",
    approval: null,
    ruleIds: findings.map((f) => f.ruleId),
    reasons: findings.map((f) => f.reason),
  };
}

function money(amount: number, currency: string): string {
  return `${amount} ${currency} minor units`;
}

function isBadNumber(value: number | null | undefined): boolean {
  return value !== null && value !== undefined && !(Number.isFinite(value) && value >= 0);
}

/** The first number that would make comparisons meaningless (NaN compares false and would loosen a decision). */
function firstBadNumber(proposal: ActionProposal, context: PolicyContext): string | null {
  if (isBadNumber(proposal.amountMinor)) return "proposal.amountMinor";
  if (isBadNumber(context.customer.priorRefunds)) return "customer.priorRefunds";
  if (isBadNumber(context.order?.totalMinor)) return "order.totalMinor";
  for (const key of ["customerPeriodCount", "customerPeriodTotalMinor", "tenantDayTotalMinor"] as const) {
    if (isBadNumber(context.usage[key])) return `usage.${key}`;
  }
  return null;
}

/** Checks that hold for every policy: amount and currency, the order, a refund within the order's total. */
function basicChecks(
  policy: PolicyDocument,
  type: PolicyActionType,
  action: ActionPolicy,
  proposal: ActionProposal,
  facts: PolicyFacts,
): Finding[] {
  const findings: Finding[] = [];
  const monetary = MONETARY_ACTION_TYPES.includes(type);
  if (monetary && (facts.amountMinor === null || !proposal.currency)) {
    findings.push({
      ruleId: SYSTEM_RULE_IDS.amountRequired,
      reason: `a ${type} needs an amount in minor units and a currency`,
    });
  }
  if (AMOUNT_ACTION_TYPES.includes(type) && proposal.currency && proposal.currency !== policy.currency) {
    findings.push({
      ruleId: SYSTEM_RULE_IDS.currencyMismatch,
      reason: `the amount is in ${proposal.currency}; this policy works in ${policy.currency}`,
    });
  }
  if (action.requiresOrder) {
    const order = facts.context.order;
    if (!proposal.orderId)
      findings.push({ ruleId: SYSTEM_RULE_IDS.orderRequired, reason: `a ${type} must name the order it concerns` });
    else if (!order || order.orderId !== proposal.orderId) {
      findings.push({
        ruleId: SYSTEM_RULE_IDS.orderRequired,
        reason: `order ${proposal.orderId} is not an order known for this customer`,
      });
    }
  }
  if (
    type === "refund" &&
    facts.amountMinor !== null &&
    facts.orderTotalMinor !== null &&
    facts.amountMinor > facts.orderTotalMinor
  ) {
    findings.push({
      ruleId: SYSTEM_RULE_IDS.refundExceedsOrder,
      reason:
        `the refund (${money(facts.amountMinor, policy.currency)}) exceeds ` +
        `the order's total (${money(facts.orderTotalMinor, policy.currency)})`,
    });
  }
  return findings;
}

/** The document's hard limits: per-action amount, per customer in a rolling window, the tenant's daily budget. */
function limitChecks(
  policy: PolicyDocument,
  type: PolicyActionType,
  action: ActionPolicy,
  facts: PolicyFacts,
): Finding[] {
  const findings: Finding[] = [];
  const amount = facts.amountMinor ?? 0;
  const { usage } = facts.context;
  if (action.maxAmountMinor !== undefined && amount > action.maxAmountMinor) {
    findings.push({
      ruleId: limitRuleId(type, "max_amount"),
      reason:
        `${money(amount, policy.currency)} is above the ${type} limit of ` +
        money(action.maxAmountMinor, policy.currency),
    });
  }
  const perCustomer = action.perCustomer;
  if (perCustomer?.maxCount !== undefined && usage.customerPeriodCount + 1 > perCustomer.maxCount) {
    findings.push({
      ruleId: limitRuleId(type, "per_customer_count"),
      reason:
        `the customer already had ${usage.customerPeriodCount} ${type} action(s) in ${perCustomer.periodDays} days; ` +
        `the limit is ${perCustomer.maxCount}`,
    });
  }
  if (perCustomer?.maxTotalMinor !== undefined && usage.customerPeriodTotalMinor + amount > perCustomer.maxTotalMinor) {
    findings.push({
      ruleId: limitRuleId(type, "per_customer_total"),
      reason:
        `${money(usage.customerPeriodTotalMinor, policy.currency)} already in ${perCustomer.periodDays} days ` +
        `plus this one is above the limit of ${money(perCustomer.maxTotalMinor, policy.currency)}`,
    });
  }
  if (
    policy.dailyBudgetMinor !== undefined &&
    MONETARY_ACTION_TYPES.includes(type) &&
    usage.tenantDayTotalMinor + amount > policy.dailyBudgetMinor
  ) {
    findings.push({
      ruleId: DAILY_BUDGET_RULE_ID,
      reason:
        `${money(usage.tenantDayTotalMinor, policy.currency)} already today ` +
        `plus this one is above the daily budget of ${money(policy.dailyBudgetMinor, policy.currency)}`,
    });
  }
  return findings;
}

/** The evidence when every condition of a rule holds for the facts, else null. */
function ruleMatch(rule: PolicyRule, type: PolicyActionType, facts: PolicyFacts): string | null {
  if (!rule.appliesTo.includes(type) && !rule.appliesTo.includes("*")) return null;
  for (const condition of rule.when) if (!conditionHolds(facts, condition)) return null;
  const text = rule.reason ?? rule.description ?? `rule ${rule.id} applies`;
  return rule.when.length
    ? `${text} [${rule.when.map((condition) => conditionEvidence(facts, condition)).join("; ")}]`
    : text;
}

/**
 * Decides a proposal under a policy: pure and deterministic (the clock is `context.now`). Denied when any check, limit
 * or deny rule fires (every one that fires is listed); otherwise the approval is the strictest of the action's own
 * approval and every matching rule's, and the verdict is `approve` only when that is `automatic`.
 */
export function evaluatePolicy(
  policy: PolicyDocument,
  proposal: ActionProposal,
  context: PolicyContext,
): PolicyDecision {
  if (policy.tenantId !== context.tenantId) {
    return deny([
      {
        ruleId: SYSTEM_RULE_IDS.tenantMismatch,
        reason: `policy of tenant ${policy.tenantId} used for tenant ${context.tenantId}`,
      },
    ]);
  }
  const type = proposal.type;
  if (!isPolicyActionType(type)) {
    return deny([
      {
        ruleId: SYSTEM_RULE_IDS.unknownActionType,
        reason: `"${type.slice(0, 64)}" is not an action type Frontdesk knows`,
      },
    ]);
  }
  if (context.customerVerified === false && (proposal.orderId || !IDENTITY_FREE_ACTIONS.includes(type))) {
    return deny([
      {
        ruleId: SYSTEM_RULE_IDS.identityUnverified,
        reason: `${type} acts on the customer's orders or money, and the customer's identity is not verified`,
      },
    ]);
  }
  const action = policy.actions[type];
  if (!action || !action.enabled) {
    return deny([
      { ruleId: SYSTEM_RULE_IDS.actionNotAllowed, reason: `policy version ${policy.version} does not allow ${type}` },
    ]);
  }
  const badNumber = firstBadNumber(proposal, context);
  if (badNumber)
    return deny([{ ruleId: SYSTEM_RULE_IDS.invalidInput, reason: `${badNumber} is not a finite non-negative number` }]);
  const facts = resolveFacts(type, proposal, context);
  const denials = [...basicChecks(policy, type, action, proposal, facts), ...limitChecks(policy, type, action, facts)];
  let approval: Approval = action.approval;
  const approvals: Finding[] = [];
  if (approval !== "automatic")
    approvals.push({
      ruleId: limitRuleId(type, "approval"),
      reason: `every ${type} needs ${approval.replace("_", " ")} approval`,
    });
  for (const rule of policy.rules) {
    const evidence = ruleMatch(rule, type, facts);
    if (evidence === null) continue;
    if (rule.then === "deny") denials.push({ ruleId: rule.id, reason: evidence });
    else {
      approval = stricterApproval(approval, rule.then);
      approvals.push({ ruleId: rule.id, reason: evidence });
    }
  }
  if (denials.length > 0) return deny(denials);
  if (approval === "automatic") {
    return {
      verdict: "approve",
      approval,
      ruleIds: [limitRuleId(type, "approval")],
      reasons: [`${type} within every limit and no rule asks for a person: approved automatically`],
    };
  }
  return {
    verdict: "needs_approval",
    approval,
    ruleIds: approvals.map((f) => f.ruleId),
    reasons: approvals.map((f) => f.reason),
  };
}
