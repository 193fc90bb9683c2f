import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import { isPolicyActionType } from "../../../shared/policy/action-types.js";
import {
  customerUsageWindowDays,
  DEFAULT_USAGE_WINDOW_DAYS,
  policyCustomerFromSummary,
  type PolicyContext,
} from "../../../shared/policy/policy-context.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { ActionLedger } from "../ledger/action-ledger.js";
import type { CustomerSummaryReader, OrderLookup } from "./proposal-pipeline.js";

/** Builds the context a proposal is decided in: the customer's facts, the order's, and usage from the ledger. */
export type DecisionContext = (
  policy: PolicyDocument | null,
  who: { tenantId: string; customerId: string; customerVerified?: boolean },
  proposal: ActionProposal,
  now: string,
  /** Count only approvals earlier in the log than this position (confirming an approval already appended). */
  beforePosition?: number,
) => Promise<PolicyContext>;

/**
 * Creates the context builder: tier and risk flags from the customer summary, the order from the order lookup (never
 * the model's word), usage and prior refunds from the ledger (caught up with the log, so current to the last append).
 */
export function createDecisionContext(deps: {
  ledger: ActionLedger;
  summaries: CustomerSummaryReader;
  orders: OrderLookup;
}): DecisionContext {
  return async (policy, { tenantId, customerId, customerVerified }, proposal, now, beforePosition) => {
    const windowDays =
      policy && isPolicyActionType(proposal.type)
        ? customerUsageWindowDays(policy, proposal.type)
        : DEFAULT_USAGE_WINDOW_DAYS;
    const [summary, order, { usage, priorRefunds }] = await Promise.all([
      deps.summaries.summary(tenantId, customerId),
      proposal.orderId ? deps.orders.order(tenantId, customerId, proposal.orderId) : Promise.resolve(null),
      deps.ledger.facts({
        tenantId,
        customerId,
        type: proposal.type,
        now,
        windowDays,
        ...(beforePosition === undefined ? {} : { beforePosition }),
      }),
    ]);
    // Prior refunds from the ledger (current to the log), not the summary (which a projection updates later).
    const customer = { ...policyCustomerFromSummary(summary), priorRefunds };
    const verified = customerVerified === undefined ? {} : { customerVerified };
    return { tenantId, customerId, ...verified, now, customer, order, usage };
  };
}
