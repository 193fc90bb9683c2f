import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, isEventType } from "./catalog.js";

describe("event catalog", () => {
  it("knows the turn events and refuses unknown types", () => {
    expect(isEventType("message.received")).toBe(true);
    expect(isEventType("message.deleted")).toBe(false);
    expect(isEventType("toString")).toBe(false);
  });

  it("names the customer in every event type, so personal fields have a key", () => {
    for (const [type, spec] of Object.entries(EVENT_CATALOG)) {
      const shape = (spec.data as unknown as { shape: Record<string, unknown> }).shape;
      expect(Object.keys(shape), type).toContain("customerId");
      for (const field of spec.personal) expect(Object.keys(shape), `${type}.${field}`).toContain(field);
    }
  });

  it("validates action money as minor units", () => {
    const base = { actionId: "a-1", type: "refund", customerId: "c-1", conversationId: null, currency: "EUR", approvedBy: "admin-1" };
    expect(EVENT_CATALOG["action.approved"].data.safeParse({ ...base, amountMinor: 1250 }).success).toBe(true);
    expect(EVENT_CATALOG["action.approved"].data.safeParse({ ...base, amountMinor: 12.5 }).success).toBe(false);
  });
});
