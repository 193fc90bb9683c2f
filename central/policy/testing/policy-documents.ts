import { readFileSync } from "node:fs";
import type { PolicyDocumentInput } from "../../../shared/policy/policy-document.js";

/** The shipped demo policy (shared/policy/examples/default-policy.json), parsed as JSON. */
export const DEMO_POLICY = JSON.parse(
  readFileSync(new URL("../../../shared/policy/examples/default-policy.json", import.meta.url), "utf8"),
) as PolicyDocumentInput;

/** A small valid policy document for tests: tenant, version, and edge answers that tell versions apart. */
export function testPolicy(
  tenantId: string,
  version: number,
  overrides: Partial<PolicyDocumentInput> = {},
): PolicyDocumentInput {
  return {
    tenantId,
    version,
    currency: "EUR",
    actions: { refund: { approval: "automatic", maxAmountMinor: 1000 * version }, handoff: { approval: "automatic" } },
    rules: [],
    edge: { answers: { greeting: `Hello from policy v${version}` }, handoffIntents: ["report_fraud"] },
    ...overrides,
  };
}
