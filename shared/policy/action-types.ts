import { z } from "zod";

/** Every action type a policy can govern; a proposal of any other type is denied (`unknown_action_type`). */
export const ACTION_TYPES = ["refund", "discount", "store_credit", "cancel_order", "create_ticket", "handoff"] as const;

/** An action type a policy can govern. */
export const policyActionTypeSchema = z.enum(ACTION_TYPES);

/** An action type a policy can govern. */
export type PolicyActionType = z.infer<typeof policyActionTypeSchema>;

/** Action types that move money: a proposal must carry an amount in minor units and a currency. */
export const MONETARY_ACTION_TYPES: readonly PolicyActionType[] = ["refund", "discount", "store_credit"];

/** Action types that may carry an amount (the monetary ones, and cancel_order with the order's value). */
export const AMOUNT_ACTION_TYPES: readonly PolicyActionType[] = ["refund", "discount", "store_credit", "cancel_order"];

/** Who must sign off an action: nobody (an automatic rule), one human, or two distinct humans. */
export const approvalSchema = z.enum(["automatic", "one_human", "two_humans"]);

/** Who must sign off an action. */
export type Approval = z.infer<typeof approvalSchema>;

const APPROVAL_RANK: Record<Approval, number> = { automatic: 0, one_human: 1, two_humans: 2 };

/** The stricter of two approvals. */
export function stricterApproval(a: Approval, b: Approval): Approval {
  return APPROVAL_RANK[b] > APPROVAL_RANK[a] ? b : a;
}

/** True when `type` is an action type a policy can govern. */
export function isPolicyActionType(type: string): type is PolicyActionType {
  return (ACTION_TYPES as readonly string[]).includes(type);
}
