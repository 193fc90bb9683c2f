import type { CustomerSummary } from "../../../shared/customer-summary.js";
import type { ActionProposal, PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext, PolicyOrder } from "../../../shared/policy/policy-context.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";

// The ports the action pipeline decides through. They import only shared/, so the pipeline's modules (proposals,
// approvals, re-checks, the decision context) can all depend on them without depending on each other.

/** The tenant's active policy (PB-admin's policy store implements it); null: none active, every proposal is denied. */
export interface ActivePolicySource {
  activePolicy(tenantId: string): Promise<PolicyDocument | null>;
  /**
   * One pushed version (active or not; versions are immutable), or null: confirming an approval uses the one recorded.
   */
  getVersion(tenantId: string, version: number): Promise<{ document: PolicyDocument } | null>;
}

/** The customer summary the policy reads tier and risk flags from (the customer-summary projection). */
export interface CustomerSummaryReader {
  summary(tenantId: string, customerId: string): Promise<CustomerSummary | null>;
}

/** Trusted order facts (never the model's word): the order system's adapter. */
export interface OrderLookup {
  order(tenantId: string, customerId: string, orderId: string): Promise<PolicyOrder | null>;
}

/** The evaluator (central/policy/engine evaluatePolicy): pure and deterministic. */
export type EvaluatePolicy = (
  policy: PolicyDocument,
  proposal: ActionProposal,
  context: PolicyContext,
) => PolicyDecision;

/** Builds the context a proposal is decided in: the customer's facts, the order's, and usage from the ledger. */
export type DecisionContext = (
  policy: PolicyDocument | null,
  who: { tenantId: string; customerId: string; customerVerified?: boolean },
  proposal: ActionProposal,
  now: string,
  /** Count only approvals earlier in the log than this position (confirming an approval already appended). */
  beforePosition?: number,
) => Promise<PolicyContext>;
