import { describe, expect, it } from "vitest";
import { classifyUpstashError, isUpstashConnection } from "./upstash-cache-failure.js";

function named(name: string, message: string, cause?: Error): Error {
  const error = new Error(message, cause ? { cause } : undefined);
  error.name = name;
  return error;
}

describe("classifyUpstashError", () => {
  it("drops the command echo, which would carry personal data", () => {
    const failure = classifyUpstashError(
      named("Error", 'fetch failed, command was: ["set","k","{\\"name\\":\\"Ada\\"}"]'),
    );
    expect(failure).toEqual({ code: "cache_unavailable", message: "summary cache unavailable: fetch failed" });
  });

  it("calls an answer that is not JSON, or a key of the wrong type, corrupt", () => {
    expect(classifyUpstashError(named("UpstashJSONParseError", "bad")).code).toBe("cache_corrupt");
    expect(classifyUpstashError(named("UpstashError", "WRONGTYPE Operation against a key"))).toEqual({
      code: "cache_corrupt",
      message: "WRONGTYPE Operation against a key",
    });
  });

  it("names the cause only when asked", () => {
    const error = named("Error", "fetch failed", new Error("connect ECONNREFUSED"));
    expect(classifyUpstashError(error).message).toBe("summary cache unavailable: fetch failed");
    expect(classifyUpstashError(error, { withCause: true }).message).toBe(
      "summary cache unavailable: fetch failed (connect ECONNREFUSED)",
    );
  });

  it("names the cache it was asked to name", () => {
    const error = named("Error", "fetch failed");
    expect(classifyUpstashError(error, { cache: "policy snapshot cache" }).message).toBe(
      "policy snapshot cache unavailable: fetch failed",
    );
    expect(classifyUpstashError("boom", { cache: "policy snapshot cache" }).message).toBe(
      "policy snapshot cache request failed",
    );
  });

  it("treats something that is not an Error as an unavailable cache", () => {
    expect(classifyUpstashError("boom")).toEqual({
      code: "cache_unavailable",
      message: "summary cache request failed",
    });
  });
});

describe("isUpstashConnection", () => {
  it("tells a URL and token from a client", () => {
    expect(isUpstashConnection({ url: "http://127.0.0.1:8079", token: "t" })).toBe(true);
    expect(isUpstashConnection({ get: () => null })).toBe(false);
  });
});
