import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "./evaluate-policy.js";
import { contextWith, demoPolicy, refund } from "../testing/policy-fixtures.js";

const demo = demoPolicy();
const unverified = { ...contextWith(), customerVerified: false };

describe("evaluatePolicy for a customer whose identity is not verified", () => {
  it("denies a refund on an order with rule identity.unverified; the same refund is approved when verified", () => {
    expect(evaluatePolicy(demo, refund(2_000), { ...contextWith(), customerVerified: true }).verdict).toBe("approve");
    expect(evaluatePolicy(demo, refund(2_000), unverified)).toEqual({
      verdict: "deny",
      approval: null,
      ruleIds: ["identity.unverified"],
      reasons: [expect.stringContaining("not verified")],
    });
  });

  it("denies every action on orders or money, also without an order id", () => {
    for (const type of ["cancel_order", "discount", "store_credit"]) {
      const proposal = { type, amountMinor: 500, currency: "EUR", orderId: null, reason: "asked for it" };
      expect(evaluatePolicy(demo, proposal, unverified).ruleIds).toEqual(["identity.unverified"]);
    }
  });

  it("denies a ticket about an order, and leaves a ticket without one to the policy", () => {
    const ticket = { type: "create_ticket", orderId: "o-1", reason: "wants a call back" };
    expect(evaluatePolicy(demo, ticket, unverified).ruleIds).toEqual(["identity.unverified"]);
    const plain = evaluatePolicy(demo, { ...ticket, orderId: null }, unverified);
    expect(plain.ruleIds).not.toContain("identity.unverified");
  });

  it("treats a context recorded before the flag existed (no customerVerified) as verified", () => {
    expect(evaluatePolicy(demo, refund(2_000), contextWith()).verdict).toBe("approve");
  });
});
