import { describe, expect, it } from "vitest";
import { MAX_PROPOSALS_PER_REPLY, parseModelProposals } from "./model-proposals.js";

const refund = { type: "refund", amountMinor: 1250, currency: "EUR", orderId: "A-1", reason: "damaged item" };

describe("parsing model proposals", () => {
  it("accepts an empty list and valid proposals, including a type no policy knows", () => {
    expect(parseModelProposals('{"proposals":[]}')).toEqual({ ok: true, value: [] });
    const parsed = parseModelProposals(
      JSON.stringify({ proposals: [refund, { type: "wire_transfer", reason: "asked" }] }),
    );
    expect(parsed).toMatchObject({ ok: true, value: [refund, { type: "wire_transfer" }] });
  });

  it("rejects text that is not JSON", () => {
    expect(parseModelProposals("Sure! I refunded you.")).toMatchObject({
      ok: false,
      error: { code: "invalid_output", problems: [{ path: "(output)" }] },
    });
  });

  it("lists every problem of JSON that breaks the contract, with its path", () => {
    const parsed = parseModelProposals(
      JSON.stringify({
        proposals: [
          { ...refund, amountMinor: 12.5 },
          { type: "refund", currency: "euro" },
        ],
      }),
    );

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.problems.map((problem) => problem.path).sort()).toEqual([
      "proposals.0.amountMinor",
      "proposals.1.currency",
      "proposals.1.reason",
    ]);
  });

  it("rejects extra top-level fields (an `approved: true` is not the model's to say) and too many proposals", () => {
    expect(parseModelProposals(JSON.stringify({ proposals: [refund], approved: true })).ok).toBe(false);
    expect(
      parseModelProposals(
        JSON.stringify({ proposals: Array.from({ length: MAX_PROPOSALS_PER_REPLY + 1 }, () => refund) }),
      ).ok,
    ).toBe(false);
  });
});
