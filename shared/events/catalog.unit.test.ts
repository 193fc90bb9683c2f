import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, isEventType } from "./catalog.js";

describe("event catalog", () => {
  it("knows the turn events and refuses unknown types", () => {
    expect(isEventType("message.received")).toBe(true);
    expect(isEventType("message.deleted")).toBe(false);
    expect(isEventType("toString")).toBe(false);
  });

  it("names the customer in every event type but the tenant-level policy events, which carry no personal data", () => {
    for (const [type, spec] of Object.entries(EVENT_CATALOG)) {
      const shape = (spec.data as unknown as { shape: Record<string, unknown> }).shape;
      if (type.startsWith("policy.")) {
        expect(spec.personal, type).toEqual([]);
        expect(Object.keys(shape), type).toContain("tenantId");
        continue;
      }
      expect(Object.keys(shape), type).toContain("customerId");
      for (const field of spec.personal) expect(Object.keys(shape), `${type}.${field}`).toContain(field);
    }
  });

  it("validates action money as minor units", () => {
    const base = {
      actionId: "a-1",
      type: "refund",
      customerId: "c-1",
      conversationId: null,
      currency: "EUR",
      approvedBy: "admin-1",
    };
    expect(EVENT_CATALOG["action.approved"].data.safeParse({ ...base, amountMinor: 1250 }).success).toBe(true);
    expect(EVENT_CATALOG["action.approved"].data.safeParse({ ...base, amountMinor: 12.5 }).success).toBe(false);
  });
});
