import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_STATUS, problem, problemDetailsSchema, ProblemError, zodIssues } from "./problem-details.js";

describe("problem details", () => {
  it("builds a valid body whose status and type follow from the code", () => {
    const body = problem("central_unavailable", "connection refused", { retryAfterSeconds: 5, correlationId: "c" });
    expect(problemDetailsSchema.parse(body)).toMatchObject({
      type: "urn:frontdesk:error:central_unavailable",
      status: 503,
      code: "central_unavailable",
      retryAfterSeconds: 5,
    });
  });

  it("maps every code to a 4xx or 5xx status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it("rejects an unknown code", () => {
    expect(problemDetailsSchema.safeParse({ ...problem("not_found"), code: "oops" }).success).toBe(false);
  });

  it("flattens zod issues into dotted paths", () => {
    const result = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } });
    expect(result.success).toBe(false);
    if (!result.success) expect(zodIssues(result.error)[0]?.path).toBe("a.b");
  });

  it("carries the problem on a ProblemError", () => {
    const error = new ProblemError(problem("unauthorized"));
    expect(error.problem.status).toBe(401);
    expect(error.message).toContain("unauthorized");
  });
});
