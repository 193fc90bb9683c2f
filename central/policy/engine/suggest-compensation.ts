import type { ActionProposal, PolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { Compensation } from "../../../shared/policy/audit-record.js";

function amountText(proposal: ActionProposal): string {
  return proposal.amountMinor == null
    ? ""
    : ` of ${proposal.amountMinor} ${proposal.currency ?? ""} minor units`.trimEnd();
}

/**
 * A suggested compensation for an action that was executed but that `after` would deny or send to a person: a
 * suggestion for an admin to act on, never executed automatically. Null when the action was not executed or is
 * still approved.
 */
export function suggestCompensation(
  proposal: ActionProposal,
  executed: boolean,
  after: PolicyDecision,
): Compensation | null {
  if (!executed || after.verdict === "approve") return null;
  const money = { amountMinor: proposal.amountMinor ?? null, currency: proposal.currency ?? null };
  const rules = after.ruleIds.join(", ");
  if (after.verdict === "needs_approval") {
    return {
      action: "human_review",
      ...money,
      note:
        `now needs ${after.approval?.replace("_", " ")} approval (${rules}): ` +
        "have a person review it after the fact",
    };
  }
  switch (proposal.type) {
    case "refund":
      return {
        action: "reverse_refund",
        ...money,
        note:
          `refund${amountText(proposal)} would now be denied (${rules}): ` +
          "reverse or claw it back, or record it as an accepted loss",
      };
    case "discount":
      return {
        action: "revoke_discount",
        ...money,
        note: `discount${amountText(proposal)} would now be denied (${rules}): revoke it if it has not been used`,
      };
    case "store_credit":
      return {
        action: "revoke_store_credit",
        ...money,
        note: `store credit${amountText(proposal)} would now be denied (${rules}): revoke the unspent part`,
      };
    case "cancel_order":
      return {
        action: "reinstate_order",
        ...money,
        note:
          `cancelling order ${proposal.orderId ?? "(unnamed)"} would now be denied ` +
          `(${rules}): offer to reinstate it`,
      };
    case "create_ticket":
      return {
        action: "close_ticket",
        ...money,
        note: `the ticket would now not be opened (${rules}): close it if it is still open`,
      };
    case "handoff":
      return { action: "none", ...money, note: `the hand-off would now be denied (${rules}); nothing to undo` };
    default:
      return {
        action: "human_review",
        ...money,
        note: `"${proposal.type}" would now be denied (${rules}): review what was done`,
      };
  }
}
