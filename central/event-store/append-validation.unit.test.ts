import { describe, expect, it } from "vitest";
import { catalogEvent, messageEvent } from "../../test/support/catalog-events.js";
import { storedDataSchema, validateAppend } from "./append-validation.js";

describe("append validation", () => {
  it("accepts catalog events of the stream's tenant", () => {
    expect(validateAppend("conversation:acme:conv-1", [messageEvent(), messageEvent()])).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it("reports the first refused event of a batch", () => {
    const good = messageEvent();
    const foreign = messageEvent({ tenantId: "globex" });
    expect(validateAppend("conversation:acme:conv-1", [good, foreign])).toMatchObject({
      ok: false,
      error: { code: "tenant_mismatch", eventId: foreign.eventId },
    });
  });

  it("lists every issue of an invalid event with its path", () => {
    const bad = catalogEvent("conversation.resolved", {
      customerId: "cust 1",
      conversationId: "",
      by: "robot" as "human",
    });
    const result = validateAppend("conversation:acme:conv-1", [bad]);
    const paths =
      !result.ok && result.error.code === "invalid_event_data" ? result.error.issues.map((issue) => issue.path) : [];
    expect([...new Set(paths)]).toEqual(["data.customerId", "data.conversationId", "data.by"]);
  });

  it("checks personal fields as opaque text keeping their null/absent rules, other fields strictly", () => {
    const schema = storedDataSchema("customer.profile_updated");
    expect(schema.safeParse({ customerId: "c", name: "x".repeat(500), email: null }).success).toBe(true);
    expect(schema.safeParse({ customerId: "c", name: 42 }).success).toBe(false);
    const message = storedDataSchema("message.received");
    const data = {
      channel: "web",
      conversationId: "c",
      customerId: "c",
      channelMessageId: "m",
      receivedAt: "2026-11-23T10:00:00.000Z",
    };
    expect(message.safeParse({ ...data, text: null }).success).toBe(false);
    expect(message.safeParse(data).success).toBe(false);
  });
});
