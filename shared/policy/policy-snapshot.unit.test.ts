import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { customerSummarySchema } from "../customer-summary.js";
import { tenantRoutingSchema } from "../edge-routing.js";
import { policyCustomerFromSummary } from "./policy-context.js";
import { validatePolicyDocument } from "./policy-document.js";
import { policySnapshot, policySnapshotSchema } from "./policy-snapshot.js";

const demo = validatePolicyDocument(
  JSON.parse(readFileSync(new URL("./examples/default-policy.json", import.meta.url), "utf8")),
);

describe("policySnapshot", () => {
  it("carries the version and the edge section as a tenant routing entry, and survives JSON", () => {
    if (!demo.ok) throw new Error("demo policy invalid");
    const snapshot = policySnapshot(demo.value, "2026-11-20T12:00:00.000Z");
    expect(snapshot).toMatchObject({ tenantId: "demo", version: 1, activatedAt: "2026-11-20T12:00:00.000Z" });
    expect(snapshot.routing).toEqual(tenantRoutingSchema.parse(demo.value.edge));
    expect(policySnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });
});

describe("policyCustomerFromSummary", () => {
  it("reads the tier and prior refunds, and turns an open escalation into a risk flag", () => {
    const summary = customerSummarySchema.parse({
      tenantId: "demo",
      customerId: "c-1",
      version: 3,
      profile: { name: null, email: null, phone: null, tier: "gold" },
      openConversations: [],
      lastIntents: [],
      lastAction: null,
      counts: { messages: 4, refunds: 2, approvals: 0 },
      flags: { openEscalation: true, erased: false },
      lastMessageAt: null,
      updatedAt: "2026-11-20T12:00:00.000Z",
    });
    expect(policyCustomerFromSummary(summary, ["chargeback"])).toEqual({
      tier: "gold",
      priorRefunds: 2,
      riskFlags: ["chargeback", "open_escalation"],
    });
    expect(policyCustomerFromSummary(null)).toEqual({ tier: null, priorRefunds: 0, riskFlags: [] });
  });
});
