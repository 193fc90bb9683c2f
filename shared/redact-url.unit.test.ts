import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact-url.js";

describe("redactUrl", () => {
  it("masks the password", () => {
    expect(redactUrl("postgres://user:secret@127.0.0.1:5432/db")).toBe("postgres://user:***@127.0.0.1:5432/db");
  });

  it("leaves a URL without a password as it is", () => {
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });

  it("prints a placeholder for an invalid URL", () => {
    expect(redactUrl("not a url")).toBe("(an invalid URL)");
  });
});
