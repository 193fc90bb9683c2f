import { z } from "zod";
import { idSchema } from "../ids.js";
import { approvalSchema } from "./action-types.js";
import { SYSTEM_RULE_IDS } from "./rule-ids.js";

/**
 * An action a model proposes. `type` is any string on purpose: a type the policy does not know is DENIED by the
 * evaluator (`unknown_action_type`), not lost to a parse error. Amounts are integer minor units (cents).
 */
export const actionProposalSchema = z.object({
  type: z.string().min(1).max(64),
  /** Amount in minor units; required for refund, discount and store_credit. */
  amountMinor: z.number().int().min(0).nullable().optional(),
  /** ISO-4217 code of the amount, e.g. EUR. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  /** The order the action concerns, when it concerns one. */
  orderId: idSchema.nullable().optional(),
  /** Why the model proposes it, in a sentence (shown to approvers; personal data, encrypted in events). */
  reason: z.string().min(1).max(2000),
  /** Free-form details for the executor (ticket subject, discount code...): short strings only. */
  details: z.record(z.string().min(1).max(64), z.string().max(500)).optional(),
});

/** An action a model proposes. */
export type ActionProposal = z.infer<typeof actionProposalSchema>;

/** The evaluator's verdict. */
export const verdictSchema = z.enum(["approve", "needs_approval", "deny"]);

/** The evaluator's verdict. */
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * A policy decision: `approve` (approval `automatic`), `needs_approval` (`one_human` or `two_humans`) or `deny`
 * (approval null). `ruleIds` are the rules that decided it and `reasons` say why, one reason per rule id, same order.
 */
export const policyDecisionSchema = z
  .object({
    verdict: verdictSchema,
    approval: approvalSchema.nullable(),
    ruleIds: z.array(z.string().min(1)),
    reasons: z.array(z.string()),
  })
  .superRefine((decision, ctx) => {
    const expected: readonly (string | null)[] =
      decision.verdict === "deny"
        ? [null]
        : decision.verdict === "approve"
          ? ["automatic"]
          : ["one_human", "two_humans"];
    if (!expected.includes(decision.approval)) {
      ctx.addIssue({
        code: "custom",
        path: ["approval"],
        message: `a ${decision.verdict} verdict needs approval ${expected.join(" or ")}`,
      });
    }
    if (decision.reasons.length !== decision.ruleIds.length) {
      ctx.addIssue({ code: "custom", path: ["reasons"], message: "one reason per rule id" });
    }
  });

/** A policy decision. */
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/** The decision when a tenant has no active policy: deny, rule `no_active_policy`. */
export function noActivePolicyDecision(): PolicyDecision {
  return {
    verdict: "deny",
    approval: null,
    ruleIds: [SYSTEM_RULE_IDS.noActivePolicy],
    reasons: ["no policy is active for this tenant, so no action may be taken"],
  };
}
