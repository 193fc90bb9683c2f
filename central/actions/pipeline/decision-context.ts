import { isPolicyActionType } from "../../../shared/policy/action-types.js";
import {
  customerUsageWindowDays,
  DEFAULT_USAGE_WINDOW_DAYS,
  policyCustomerFromSummary,
} from "../../../shared/policy/policy-context.js";
import type { ActionLedger } from "../ledger/action-ledger.js";
import type { CustomerSummaryReader, DecisionContext, OrderLookup } from "./pipeline-ports.js";

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
