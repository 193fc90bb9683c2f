import type { PolicyCondition } from "../../../shared/policy/policy-condition.js";
import type { PolicyDocument, PolicyRule } from "../../../shared/policy/policy-document.js";

/** One difference between two policy documents: where, what kind, and a line a person can read. */
export interface PolicyChange {
  path: string;
  kind: "added" | "removed" | "changed";
  description: string;
}

function show(value: unknown): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeCondition(condition: PolicyCondition): string {
  const value = Array.isArray(condition.value) ? `[${condition.value.join(", ")}]` : String(condition.value);
  return `${condition.field} ${condition.op} ${value}`;
}

/** A rule in one line: `deny refund, discount when order.ageDays gt 30`. */
export function describeRule(rule: PolicyRule): string {
  const when = rule.when.length ? ` when ${rule.when.map(describeCondition).join(" and ")}` : " always";
  const effect = rule.then === "deny" ? "deny" : `needs ${rule.then.replace("_", " ")}`;
  return `${effect} for ${rule.appliesTo.join(", ")}${when}`;
}

/** Differences between two values: objects key by key, string lists as sets, anything else as a whole. */
function diffValues(path: string, a: unknown, b: unknown, out: PolicyChange[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) diffValues(path ? `${path}.${key}` : key, a[key], b[key], out);
    return;
  }
  if (a === undefined) {
    out.push({ path, kind: "added", description: `${path}: added ${show(b)}` });
    return;
  }
  if (b === undefined) {
    out.push({ path, kind: "removed", description: `${path}: removed (was ${show(a)})` });
    return;
  }
  const isStringList = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === "string");
  if (isStringList(a) && isStringList(b)) {
    const added = b.filter((item) => !a.includes(item));
    const removed = a.filter((item) => !b.includes(item));
    const parts = [
      added.length ? `added ${added.join(", ")}` : "",
      removed.length ? `removed ${removed.join(", ")}` : "",
    ].filter(Boolean);
    out.push({ path, kind: "changed", description: `${path}: ${parts.length ? parts.join("; ") : "reordered"}` });
    return;
  }
  out.push({ path, kind: "changed", description: `${path}: ${show(a)} → ${show(b)}` });
}

function diffRules(a: readonly PolicyRule[], b: readonly PolicyRule[], out: PolicyChange[]): void {
  const before = new Map(a.map((rule) => [rule.id, rule]));
  const after = new Map(b.map((rule) => [rule.id, rule]));
  for (const rule of a) {
    const next = after.get(rule.id);
    if (!next)
      out.push({
        path: `rules.${rule.id}`,
        kind: "removed",
        description: `rule ${rule.id} removed (was: ${describeRule(rule)})`,
      });
    else {
      const [was, now] = [describeRule(rule), describeRule(next)];
      if (was !== now)
        out.push({ path: `rules.${rule.id}`, kind: "changed", description: `rule ${rule.id}: ${was} → ${now}` });
      diffValues(
        `rules.${rule.id}`,
        { description: rule.description, reason: rule.reason },
        { description: next.description, reason: next.reason },
        out,
      );
    }
  }
  for (const rule of b) {
    if (!before.has(rule.id))
      out.push({
        path: `rules.${rule.id}`,
        kind: "added",
        description: `rule ${rule.id} added: ${describeRule(rule)}`,
      });
  }
  const common = (rules: readonly PolicyRule[], other: Map<string, PolicyRule>) =>
    rules.filter((rule) => other.has(rule.id)).map((rule) => rule.id);
  if (common(a, after).join() !== common(b, before).join()) {
    out.push({
      path: "rules",
      kind: "changed",
      description: "rules reordered (this changes only the order of reasons in decisions)",
    });
  }
}

/**
 * The structural differences between policy `a` and policy `b`, as a list a person can read
 * (`frontdesk policy diff`): fields by path, rules matched by id and described in one line, string lists as sets.
 */
export function diffPolicies(a: PolicyDocument, b: PolicyDocument): PolicyChange[] {
  const out: PolicyChange[] = [];
  const { rules: rulesA, ...restA } = a;
  const { rules: rulesB, ...restB } = b;
  diffValues("", restA, restB, out);
  diffRules(rulesA, rulesB, out);
  return out;
}
