import { z } from "zod";

/** Facts a rule condition can test, by the kind of value each holds. */
export const CONDITION_FIELDS = {
  "proposal.amountMinor": "number",
  "order.ageDays": "number",
  "order.totalMinor": "number",
  "customer.tier": "string",
  "customer.priorRefunds": "number",
  "customer.riskFlags": "list",
  "usage.customerPeriodCount": "number",
  "usage.customerPeriodTotalMinor": "number",
  "usage.tenantDayTotalMinor": "number",
} as const;

/** A fact a rule condition can test. */
export type ConditionField = keyof typeof CONDITION_FIELDS;

/** The comparisons allowed for each kind of fact. */
export const CONDITION_OPERATORS = {
  number: ["lt", "lte", "gt", "gte", "eq", "neq"],
  string: ["eq", "neq", "in", "not_in"],
  list: ["includes_any", "includes_all"],
} as const;

const ALL_OPERATORS = ["lt", "lte", "gt", "gte", "eq", "neq", "in", "not_in", "includes_any", "includes_all"] as const;

/** A comparison operator. */
export type ConditionOperator = (typeof ALL_OPERATORS)[number];

const shortText = z.string().min(1).max(64);

/**
 * One test of a fact, e.g. `{ "field": "order.ageDays", "op": "gt", "value": 30 }`. Numbers take a number;
 * `customer.tier`
 * takes a string (`eq`, `neq`) or a list (`in`, `not_in`); `customer.riskFlags` takes a list of flags.
 */
export const policyConditionSchema = z
  .strictObject({
    field: z.enum(Object.keys(CONDITION_FIELDS) as [ConditionField, ...ConditionField[]]),
    op: z.enum(ALL_OPERATORS),
    value: z.union([z.number().finite(), shortText, z.array(shortText).min(1).max(50)]),
  })
  .superRefine((condition, ctx) => {
    const problem = conditionProblem(condition.field, condition.op, condition.value);
    if (problem)
      ctx.addIssue({ code: "custom", message: problem, path: problem.startsWith("operator") ? ["op"] : ["value"] });
  });

/** One test of a fact. */
export type PolicyCondition = z.infer<typeof policyConditionSchema>;

/** Why an operator or value does not suit a field, or null when they do. */
export function conditionProblem(field: ConditionField, op: ConditionOperator, value: unknown): string | null {
  const kind = CONDITION_FIELDS[field];
  const allowed: readonly string[] = CONDITION_OPERATORS[kind];
  if (!allowed.includes(op))
    return `operator "${op}" does not apply to ${field} (a ${kind}); use one of ${allowed.join(", ")}`;
  const wantsList = op === "in" || op === "not_in" || kind === "list";
  if (kind === "number" && typeof value !== "number") return `${field} is compared with a number`;
  if (kind !== "number" && wantsList && !Array.isArray(value)) return `"${op}" on ${field} takes a list of strings`;
  if (kind !== "number" && !wantsList && typeof value !== "string") return `"${op}" on ${field} takes a string`;
  return null;
}
