import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "./read-json-body.js";

const schema = z.object({ text: z.string().min(1) });
const post = (body: BodyInit, type = "application/json") =>
  new Request("http://x/", { method: "POST", headers: { "Content-Type": type }, body });

describe("readJsonBody", () => {
  it("accepts application/json with a charset and application/*+json", async () => {
    expect(
      await readJsonBody(post('{"text":"hi"}', "application/json; charset=utf-8"), schema, { maxBytes: 100 }),
    ).toEqual({ ok: true, value: { text: "hi" } });
    expect((await readJsonBody(post('{"text":"hi"}', "application/problem+json"), schema, { maxBytes: 100 })).ok).toBe(
      true,
    );
  });

  it("refuses other content types, oversized bodies, broken JSON and schema failures with their codes", async () => {
    const code = async (request: Request, maxBytes = 100) => {
      const result = await readJsonBody(request, schema, { maxBytes });
      return result.ok ? "ok" : result.error.code;
    };
    expect(await code(post('{"text":"hi"}', "text/plain"))).toBe("unsupported_media_type");
    expect(await code(post(JSON.stringify({ text: "x".repeat(200) })))).toBe("payload_too_large");
    expect(await code(post("{not json"))).toBe("malformed_json");
    expect(await code(post(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe("malformed_json");
    const invalid = await readJsonBody(post('{"text":""}'), schema, { maxBytes: 100 });
    expect(!invalid.ok && invalid.error.issues?.[0]?.path).toBe("text");
  });
});
