import { readFileSync } from "node:fs";
import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";
import {
  validatePolicyDocument,
  type PolicyDocument,
  type PolicyDocumentInput,
} from "../../../shared/policy/policy-document.js";

/** The demo tenant's policy (shared/policy/examples/default-policy.json), parsed. */
export function demoPolicy(): PolicyDocument {
  const json: unknown = JSON.parse(
    readFileSync(new URL("../../../shared/policy/examples/default-policy.json", import.meta.url), "utf8"),
  );
  return parsePolicy(json);
}

/** Parses a policy written in a test, failing loudly when it is invalid. */
export function parsePolicy(json: unknown): PolicyDocument {
  const result = validatePolicyDocument(json);
  if (!result.ok) throw new Error(`invalid test policy: ${JSON.stringify(result.error.problems)}`);
  return result.value;
}

/** A policy for tenant demo with the given parts (currency EUR). */
export function policyWith(parts: Partial<PolicyDocumentInput>): PolicyDocument {
  return parsePolicy({ tenantId: "demo", version: 1, currency: "EUR", actions: {}, ...parts });
}

/** The clock of every fixture context. */
export const NOW = "2026-11-20T12:00:00.000Z";

/** An ISO timestamp `days` before {@link NOW}. */
export function daysAgo(days: number): string {
  return new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
}

/** A context for a gold customer of tenant demo with order o-1 (placed 3 days ago, 100.00 EUR) and no usage. */
export function contextWith(
  overrides: {
    customer?: Partial<PolicyContext["customer"]>;
    order?: PolicyContext["order"];
    usage?: Partial<PolicyContext["usage"]>;
    tenantId?: string;
  } = {},
): PolicyContext {
  return {
    tenantId: overrides.tenantId ?? "demo",
    customerId: "c-1",
    now: NOW,
    customer: { tier: "gold", priorRefunds: 0, riskFlags: [], ...overrides.customer },
    order:
      overrides.order === undefined ? { orderId: "o-1", placedAt: daysAgo(3), totalMinor: 10_000 } : overrides.order,
    usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0, ...overrides.usage },
  };
}

/** A refund proposal for order o-1 in EUR. */
export function refund(amountMinor: number, overrides: Partial<ActionProposal> = {}): ActionProposal {
  return { type: "refund", amountMinor, currency: "EUR", orderId: "o-1", reason: "item arrived broken", ...overrides };
}
