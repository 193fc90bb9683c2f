import { AMOUNT_ACTION_TYPES, isPolicyActionType } from "./action-types.js";
import { isSystemRuleId } from "./rule-ids.js";

/** One problem with a policy document: where (`rules.2.id`, `(document)` for the whole) and what. */
export interface PolicyProblem {
  path: string;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function actionsSection(document: Record<string, unknown>): Record<string, unknown> {
  return isRecord(document.actions) ? document.actions : {};
}

function ruleProblems(document: Record<string, unknown>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!Array.isArray(document.rules)) return problems;
  const actions = actionsSection(document);
  const seen = new Map<string, number>();
  document.rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    if (typeof rule.id === "string") {
      const first = seen.get(rule.id);
      if (first !== undefined)
        problems.push({
          path: `rules.${index}.id`,
          message: `duplicate rule id "${rule.id}" (also rules.${first}.id)`,
        });
      else seen.set(rule.id, index);
      if (isSystemRuleId(rule.id))
        problems.push({ path: `rules.${index}.id`, message: `"${rule.id}" is reserved for a system check` });
    }
    if (!Array.isArray(rule.appliesTo)) return;
    rule.appliesTo.forEach((type: unknown, position) => {
      if (typeof type !== "string" || type === "*" || !isPolicyActionType(type) || Object.hasOwn(actions, type)) return;
      problems.push({
        path: `rules.${index}.appliesTo.${position}`,
        message:
          `the rule applies to "${type}", which the policy does not allow ` +
          "(add it under actions or remove it here)",
      });
    });
  });
  return problems;
}

function actionProblems(document: Record<string, unknown>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [type, section] of Object.entries(actionsSection(document))) {
    if (!isRecord(section) || !isPolicyActionType(type)) continue;
    const carriesAmount = AMOUNT_ACTION_TYPES.includes(type);
    if (!carriesAmount && section.maxAmountMinor !== undefined) {
      problems.push({
        path: `actions.${type}.maxAmountMinor`,
        message: `${type} carries no amount, so it cannot have an amount limit`,
      });
    }
    const perCustomer = section.perCustomer;
    if (!isRecord(perCustomer)) continue;
    if (perCustomer.maxCount === undefined && perCustomer.maxTotalMinor === undefined) {
      problems.push({ path: `actions.${type}.perCustomer`, message: "set maxCount, maxTotalMinor or both" });
    }
    if (!carriesAmount && perCustomer.maxTotalMinor !== undefined) {
      problems.push({
        path: `actions.${type}.perCustomer.maxTotalMinor`,
        message: `${type} carries no amount, so it cannot have a total limit`,
      });
    }
  }
  return problems;
}

function edgeProblems(document: Record<string, unknown>): PolicyProblem[] {
  const edge = document.edge;
  if (!isRecord(edge) || !isRecord(edge.answers) || !Array.isArray(edge.handoffIntents)) return [];
  const answers = edge.answers;
  const problems: PolicyProblem[] = [];
  edge.handoffIntents.forEach((intent: unknown, index) => {
    if (typeof intent === "string" && Object.hasOwn(answers, intent)) {
      problems.push({
        path: `edge.handoffIntents.${index}`,
        message: `"${intent}" is both answered at the edge (edge.answers) and handed off`,
      });
    }
  });
  return problems;
}

/**
 * Checks that span fields, on any input (parsed or raw JSON, skipping what is not shaped as expected): duplicate or
 * reserved rule ids, rules for action types the policy does not allow, amount limits on actions without amounts,
 * empty per-customer limits, intents both answered at the edge and handed off.
 */
export function policyCrossFieldProblems(document: unknown): PolicyProblem[] {
  if (!isRecord(document)) return [];
  return [...ruleProblems(document), ...actionProblems(document), ...edgeProblems(document)];
}
