import { describe, expect, it } from "vitest";
import { inboundMessageSchema, MAX_MESSAGE_TEXT } from "./message-envelope.js";

const valid = {
  tenantId: "acme",
  channel: "web",
  conversationId: "c-1",
  customerId: "cust-7",
  channelMessageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTdBNjg0QjQ2NjE=",
  text: "  where is my order?  ",
  receivedAt: "2026-11-23T10:00:00.000Z",
  correlationId: "3f1c2b4e-8d1a-4c55-9a7e-0d2f6b1e9c10",
};

describe("inboundMessageSchema", () => {
  it("accepts a complete envelope and trims the text", () => {
    const parsed = inboundMessageSchema.parse(valid);
    expect(parsed.text).toBe("where is my order?");
    expect(parsed.channelMessageId).toBe(valid.channelMessageId);
  });

  it("rejects text the database cannot store, in the message and in an edge reply", () => {
    expect(inboundMessageSchema.safeParse({ ...valid, text: "where\u0000" }).error?.issues[0]?.path).toEqual(["text"]);
    const route = {
      route: "answer_locally",
      reason: "edge_answerable",
      reply: { text: "hi\ud800", provider: "edge-template" },
    };
    expect(inboundMessageSchema.safeParse({ ...valid, route }).error?.issues[0]?.path).toEqual([
      "route",
      "reply",
      "text",
    ]);
  });

  it("rejects an unknown channel", () => {
    expect(inboundMessageSchema.safeParse({ ...valid, channel: "fax" }).success).toBe(false);
  });

  it("rejects ids containing ':' or '/', which would make stream names ambiguous", () => {
    expect(inboundMessageSchema.safeParse({ ...valid, tenantId: "a:b" }).success).toBe(false);
    expect(inboundMessageSchema.safeParse({ ...valid, conversationId: "a/b" }).success).toBe(false);
  });

  it("rejects blank and oversized text", () => {
    expect(inboundMessageSchema.safeParse({ ...valid, text: "   " }).success).toBe(false);
    expect(inboundMessageSchema.safeParse({ ...valid, text: "x".repeat(MAX_MESSAGE_TEXT + 1) }).success).toBe(false);
  });

  it("rejects a timestamp that is not ISO-8601", () => {
    expect(inboundMessageSchema.safeParse({ ...valid, receivedAt: "yesterday" }).success).toBe(false);
  });

  it("requires every field", () => {
    for (const key of Object.keys(valid)) {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[key];
      expect(inboundMessageSchema.safeParse(copy).success, key).toBe(false);
    }
  });
});
