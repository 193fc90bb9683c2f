import { describe, expect, it } from "vitest";
import { encodeOutcome, encodeReply, failed, replied } from "./reply.js";

describe("encodeReply", () => {
  it("base64-encodes strings and bytes but keeps a top-level OK verbatim", () => {
    expect(encodeReply("OK", true)).toBe("OK");
    expect(encodeReply(Buffer.from("OK"), true)).toBe("OK");
    expect(encodeReply("PONG", true)).toBe("UE9ORw==");
    expect(encodeReply("héllo", true)).toBe("aMOpbGxv");
    expect(encodeReply(Buffer.from([0xff, 0x00, 0x80]), true)).toBe("/wCA");
  });

  it("passes numbers and null through and encodes nested arrays element by element (OK included)", () => {
    expect(encodeReply([1, "OK", null, [Buffer.from("a"), [2, "ü"]]], true)).toEqual([
      1,
      "T0s=",
      null,
      ["YQ==", [2, "w7w="]],
    ]);
    expect(encodeReply(42, true)).toBe(42);
    expect(encodeReply(null, true)).toBeNull();
  });

  it("answers plain UTF-8 without base64, replacing invalid bytes", () => {
    expect(encodeReply([Buffer.from("héllo"), "OK", 3], false)).toEqual(["héllo", "OK", 3]);
    expect(encodeReply(Buffer.from([0x61, 0xff]), false)).toBe("a\uFFFD");
  });

  it("wraps outcomes as { result } or { error }", () => {
    expect(encodeOutcome(replied("x"), true)).toEqual({ result: "eA==" });
    expect(encodeOutcome(failed("ERR nope"), true)).toEqual({ error: "ERR nope" });
  });
});
