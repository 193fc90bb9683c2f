import { describe, expect, it } from "vitest";
import { chatReplySchema, chatRequestSchema, chatStreamEventSchema } from "./chat-api.js";
import { problem } from "./problem-details.js";

const reply = {
  tenantId: "demo",
  conversationId: "c-1",
  customerId: "visitor-c-1",
  messageId: "m-1",
  correlationId: "corr-1",
  reply: { text: "hello", provider: "offline", model: "offline-echo-1", offline: true, usage: null },
  events: {
    messageReceived: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    replySent: "8e555951-9dc0-11d1-b245-5ffdce74fad2",
  },
  replayed: false,
};

describe("chat API bodies", () => {
  it("needs only the text: the tenant (demo by default), conversation and customer are the edge's to decide", () => {
    expect(chatRequestSchema.parse({ text: "hi" })).toEqual({ text: "hi" });
  });

  it("rejects a request without text", () => {
    const result = chatRequestSchema.safeParse({ conversationId: "c-1" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["text"]);
  });

  it("refuses text the database cannot store (NUL, unpaired surrogate), naming the field", () => {
    for (const text of ["hi\u0000", "hi \ud800", "\udc00 there"]) {
      const result = chatRequestSchema.safeParse({ text });
      expect(result.error?.issues.map((issue) => issue.path)).toEqual([["text"]]);
    }
    expect(chatRequestSchema.parse({ text: "hi \ud83d\ude00" }).text).toBe("hi \ud83d\ude00");
  });

  it("accepts a reply with null usage (offline provider)", () => {
    expect(chatReplySchema.parse(reply).reply.usage).toBeNull();
  });

  it("discriminates stream events by name", () => {
    expect(chatStreamEventSchema.parse({ event: "token", data: { text: "he" } }).event).toBe("token");
    expect(chatStreamEventSchema.parse({ event: "done", data: reply }).event).toBe("done");
    const failure = chatStreamEventSchema.parse({ event: "error", data: problem("model_unavailable", "down") });
    expect(failure.event === "error" && failure.data.status).toBe(503);
    expect(chatStreamEventSchema.safeParse({ event: "done", data: { text: "x" } }).success).toBe(false);
  });
});
