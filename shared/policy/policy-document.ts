import { z } from "zod";
import { tenantRoutingSchema } from "../edge-routing.js";
import { idSchema } from "../ids.js";
import { err, ok, type Result } from "../result.js";
import { unstorableTextIssues } from "../text/storable-text.js";
import { ACTION_TYPES, approvalSchema } from "./action-types.js";
import { policyConditionSchema } from "./policy-condition.js";
import { policyCrossFieldProblems, type PolicyProblem } from "./policy-cross-checks.js";

/** Money in minor units (cents): a non-negative safe integer. */
export const minorAmountSchema = z.number().int().min(0);

/** An ISO-4217 currency code in upper case, e.g. EUR. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "use a three-letter ISO-4217 code in upper case, e.g. EUR");

/** A document's own rule id: lower-case letters, digits, `_` and `-` (no dots: dotted ids are derived limit ids). */
export const ruleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, "use lower-case letters, digits, _ and - (starting with a letter)");

function unknownActionType(issue: { input?: unknown }): string {
  return `unknown action type ${JSON.stringify(issue.input)}; use one of ${ACTION_TYPES.join(", ")} or "*"`;
}

/** A cap on how much one customer may receive of one action type within a rolling window ending now. */
export const perCustomerLimitSchema = z.strictObject({
  /** Length of the rolling window, in days. */
  periodDays: z.number().int().min(1).max(3660),
  /** At most this many actions of the type in the window (the proposed one included). */
  maxCount: z.number().int().min(0).optional(),
  /** At most this total, in minor units, in the window (the proposed amount included). */
  maxTotalMinor: minorAmountSchema.optional(),
});

/** What a policy allows for one action type. */
export const actionPolicySchema = z.strictObject({
  /** A disabled action is denied (`action_not_allowed`) as if absent; handy to switch one off without deleting it. */
  enabled: z.boolean().default(true),
  /** The approval the action needs when no rule asks for more (rule id `<type>.approval`). */
  approval: approvalSchema,
  /** The proposal must name an order, and it must be the order in the context (`order_required`). */
  requiresOrder: z.boolean().default(false),
  /** Hard cap on one action's amount, in minor units (`<type>.max_amount`); above it the action is denied. */
  maxAmountMinor: minorAmountSchema.optional(),
  /** Per-customer cap in a rolling window (`<type>.per_customer_count`, `<type>.per_customer_total`); denied above. */
  perCustomer: perCustomerLimitSchema.optional(),
});

/** What a policy allows for one action type. */
export type ActionPolicy = z.output<typeof actionPolicySchema>;

/** Verdict a matching rule imposes: deny, or require at least this approval. */
export const ruleEffectSchema = z.enum(["deny", "one_human", "two_humans"]);

/** Verdict a matching rule imposes. */
export type RuleEffect = z.infer<typeof ruleEffectSchema>;

/**
 * An eligibility rule: when every condition holds for a proposal of one of `appliesTo`, `then` applies. Rules only
 * restrict (deny or ask for more approval); a condition on a fact the context does not know (no order, no tier)
 * counts as holding, so missing data never loosens a decision.
 */
export const policyRuleSchema = z.strictObject({
  id: ruleIdSchema,
  description: z.string().max(500).optional(),
  /** Action types the rule applies to, or `["*"]` for every type the policy allows. */
  appliesTo: z.array(z.enum([...ACTION_TYPES, "*"], { error: unknownActionType })).min(1),
  /** All must hold (an empty list always holds). */
  when: z.array(policyConditionSchema).max(20),
  then: ruleEffectSchema,
  /** Shown in the decision's reasons when the rule matches; defaults to the description, then to the conditions. */
  reason: z.string().max(500).optional(),
});

/** An eligibility rule. */
export type PolicyRule = z.output<typeof policyRuleSchema>;

const policyDocumentShape = z.strictObject({
  tenantId: idSchema,
  /** Positive; each push of a tenant's policy takes a new version, and a pushed version never changes. */
  version: z.number().int().positive(),
  description: z.string().max(2000).optional(),
  /** The currency every amount in the document and in proposals is in. */
  currency: currencySchema,
  /** The tenant's total for monetary actions per UTC day, in minor units (`tenant.daily_budget`); denied above. */
  dailyBudgetMinor: minorAmountSchema.optional(),
  /** Allowed action types; a type not listed here is denied (`action_not_allowed`). */
  actions: z.partialRecord(z.enum(ACTION_TYPES, { error: unknownActionType }), actionPolicySchema),
  /** Eligibility rules, all evaluated (order only affects the order of reasons). */
  rules: z.array(policyRuleSchema).max(200).default([]),
  /** Edge routing for this tenant: the same shape as an `EDGE_ROUTING` tenant entry. */
  edge: tenantRoutingSchema.default(() => tenantRoutingSchema.parse({})),
});

/**
 * A tenant's policy document (data, not prompts): which actions a model may propose, their limits, the eligibility
 * rules over customer facts, the approval each needs, and the edge's routing. Cross-field checks (duplicate rule ids,
 * rules for action types the policy does not allow, intents both answered and handed off) are part of the schema.
 */
export const policyDocumentSchema = policyDocumentShape.superRefine((document, ctx) => {
  for (const problem of policyCrossFieldProblems(document)) {
    ctx.addIssue({ code: "custom", message: problem.message, path: problem.path.split(".") });
  }
});

/** A tenant's policy document, as parsed (defaults filled in). */
export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** A policy document as written (defaults may be left out). */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** A rejected policy document: every problem found, each with its path (`rules.2.when.0.op`) and a message. */
export interface InvalidPolicy {
  code: "invalid_policy";
  problems: PolicyProblem[];
}

/**
 * Validates a policy document and lists EVERY problem: the schema's issues and the cross-field checks, which run on
 * the raw input too when the schema already failed elsewhere (so a duplicate id is reported with a typo elsewhere).
 * Text the database cannot store (a NUL or an unpaired surrogate, anywhere) is refused first, each with its path.
 */
export function validatePolicyDocument(json: unknown): Result<PolicyDocument, InvalidPolicy> {
  const unstorable = unstorableTextIssues(json);
  if (unstorable.length > 0)
    return err({
      code: "invalid_policy",
      problems: unstorable.map((issue) => ({ path: issue.path.join(".") || "(document)", message: issue.message })),
    });
  const parsed = policyDocumentSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const problems: PolicyProblem[] = parsed.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code !== "unrecognized_keys") return [{ path: path || "(document)", message: issue.message }];
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: path === "actions" ? unknownActionType({ input: key }) : `unknown field "${key}"`,
    }));
  });
  for (const problem of policyCrossFieldProblems(json)) {
    if (!problems.some((known) => known.path === problem.path && known.message === problem.message))
      problems.push(problem);
  }
  return err({ code: "invalid_policy", problems });
}
