import { describe, expect, it } from "vitest";
import { problem, ProblemError } from "../problem-details.js";
import { problemOf, problemResponse } from "./problem-response.js";

describe("problemResponse", () => {
  it("renders the body as application/problem+json with its status", async () => {
    const response = problemResponse(problem("not_found", "nothing here"));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "not_found", detail: "nothing here" });
  });

  it("sends Retry-After for a retry hint and a bearer challenge for 401", () => {
    expect(
      problemResponse(problem("central_unavailable", "down", { retryAfterSeconds: 5 })).headers.get("retry-after"),
    ).toBe("5");
    expect(problemResponse(problem("unauthorized")).headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});

describe("problemOf", () => {
  it("keeps a ProblemError's problem and hides anything else behind internal_error", () => {
    expect(problemOf(new ProblemError(problem("stream_conflict"))).code).toBe("stream_conflict");
    const hidden = problemOf(new Error("password=hunter2"));
    expect(hidden.code).toBe("internal_error");
    expect(JSON.stringify(hidden)).not.toContain("hunter2");
  });
});
