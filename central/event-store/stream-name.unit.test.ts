import { describe, expect, it } from "vitest";
import { conversationStreamName, customerStreamName, parseStreamName, streamName } from "./stream-name.js";

describe("stream names", () => {
  it("builds and parses <kind>:<tenantId>:<id>", () => {
    expect(conversationStreamName("acme", "conv-1")).toBe("conversation:acme:conv-1");
    expect(customerStreamName("acme", "c.1@x")).toBe("customer:acme:c.1@x");
    expect(parseStreamName("customer:acme:c.1@x")).toEqual({
      ok: true,
      value: { kind: "customer", tenantId: "acme", id: "c.1@x" },
    });
  });

  it("says why a string is not a stream name", () => {
    for (const bad of [
      "",
      "conversation",
      "conversation:acme",
      "a:b:c:d",
      "Conv:acme:1",
      "conversation::1",
      "conversation:acme:",
      "conversation:ac me:1",
    ]) {
      const parsed = parseStreamName(bad);
      expect(parsed).toMatchObject({ ok: false, error: { code: "invalid_stream_name", stream: bad } });
    }
  });

  it("throws when asked to build a name from parts that cannot round-trip (a caller bug)", () => {
    expect(() => streamName("conversation", "acme:evil", "1")).toThrow(/not a stream name/);
  });
});
