import { afterEach, describe, expect, it, vi } from "vitest";
import { missingServicePolicy } from "./require-service.js";

describe("missingServicePolicy", () => {
  afterEach(() => vi.restoreAllMocks());

  it("runs the tests when the service is there", () => {
    expect(missingServicePolicy("Redis", null, {})).toEqual({ skip: false, skipReason: null });
  });

  it("skips with a printed reason outside CI", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const policy = missingServicePolicy("Redis", "not reachable", {});
    expect(policy.skip).toBe(true);
    expect(policy.skipReason).toContain("not reachable");
    expect(warn).toHaveBeenCalledWith(policy.skipReason);
  });

  it("fails under CI=true", () => {
    expect(() => missingServicePolicy("Redis", "not reachable", { CI: "true" })).toThrow(
      /required under CI=true.*not reachable/,
    );
  });
});
