import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validatePolicyDocument, type PolicyDocumentInput } from "./policy-document.js";

const defaultPolicyJson: unknown = JSON.parse(
  readFileSync(new URL("./examples/default-policy.json", import.meta.url), "utf8"),
);

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: PolicyDocumentInput = {
    tenantId: "acme",
    version: 1,
    currency: "EUR",
    actions: { refund: { approval: "automatic" } },
  };
  return { ...base, ...overrides };
}

function problemsOf(json: unknown): { path: string; message: string }[] {
  const result = validatePolicyDocument(json);
  if (result.ok) throw new Error("expected the document to be rejected");
  expect(result.error.code).toBe("invalid_policy");
  return result.error.problems;
}

describe("validatePolicyDocument", () => {
  it("accepts the demo policy that npm start uses", () => {
    const result = validatePolicyDocument(defaultPolicyJson);
    expect(result.ok ? [] : result.error.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.value.tenantId).toBe("demo");
    expect(result.value.actions.refund?.requiresOrder).toBe(true);
    expect(result.value.edge.handoffIntents).toContain("report_fraud");
  });

  it("fills in defaults: enabled actions, no rules, the default edge routing", () => {
    const result = validatePolicyDocument(minimal());
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.actions.refund).toEqual({ enabled: true, approval: "automatic", requiresOrder: false });
    expect(result.value.rules).toEqual([]);
    expect(result.value.edge.thresholds).toEqual({ answerLocally: 0.7, handoff: 0.5 });
  });

  it("gives every document its own default edge routing, so changing one never changes another", () => {
    const [a, b] = [validatePolicyDocument(minimal()), validatePolicyDocument(minimal())];
    if (!a.ok || !b.ok) throw new Error("expected valid documents");
    a.value.edge.handoffIntents.push("speak_to_human");
    expect(b.value.edge.handoffIntents).toEqual([]);
  });

  it("lists every problem at once, schema issues and cross-field checks together", () => {
    const problems = problemsOf(
      minimal({
        version: 0,
        currency: "eur",
        actions: { refund: { approval: "sometimes" }, teleport: { approval: "automatic" } },
        rules: [
          { id: "r1", appliesTo: ["refund"], when: [], then: "deny" },
          { id: "r1", appliesTo: ["discount"], when: [{ field: "customer.tier", op: "gt", value: 3 }], then: "deny" },
        ],
      }),
    );
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "version",
        "currency",
        "actions.refund.approval",
        "actions.teleport",
        "rules.1.id",
        "rules.1.appliesTo.0",
        "rules.1.when.0.op",
      ]),
    );
    expect(problems.find((problem) => problem.path === "actions.teleport")?.message).toMatch(
      /unknown action type "teleport"/,
    );
    expect(problems.find((problem) => problem.path === "rules.1.id")?.message).toMatch(/duplicate rule id "r1"/);
    expect(problems.find((problem) => problem.path === "rules.1.appliesTo.0")?.message).toMatch(/does not allow/);
  });

  it("names an unknown action type in a rule and the types it could have been", () => {
    const problems = problemsOf(minimal({ rules: [{ id: "x", appliesTo: ["refnd"], when: [], then: "deny" }] }));
    expect(problems).toEqual([
      { path: "rules.0.appliesTo.0", message: expect.stringMatching(/unknown action type "refnd".*refund/) },
    ]);
  });

  it("rejects values that do not suit a condition's field", () => {
    const problems = problemsOf(
      minimal({
        rules: [
          { id: "a", appliesTo: ["refund"], when: [{ field: "order.ageDays", op: "gt", value: "30" }], then: "deny" },
          { id: "b", appliesTo: ["refund"], when: [{ field: "customer.tier", op: "in", value: "gold" }], then: "deny" },
          {
            id: "c",
            appliesTo: ["refund"],
            when: [{ field: "customer.riskFlags", op: "eq", value: "x" }],
            then: "deny",
          },
          { id: "d", appliesTo: ["refund"], when: [{ field: "order.colour", op: "eq", value: "red" }], then: "deny" },
        ],
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      "rules.0.when.0.value",
      "rules.1.when.0.value",
      "rules.2.when.0.op",
      "rules.3.when.0.field",
    ]);
  });

  it("refuses reserved rule ids, amount limits on actions without amounts and empty per-customer limits", () => {
    const problems = problemsOf(
      minimal({
        actions: {
          refund: { approval: "automatic", perCustomer: { periodDays: 30 } },
          create_ticket: { approval: "automatic", maxAmountMinor: 10 },
        },
        rules: [{ id: "unknown_action_type", appliesTo: ["*"], when: [], then: "deny" }],
      }),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      "actions.create_ticket.maxAmountMinor",
      "actions.refund.perCustomer",
      "rules.0.id",
    ]);
  });

  it("refuses an intent both answered at the edge and handed off", () => {
    const problems = problemsOf(minimal({ edge: { answers: { greeting: "Hi" }, handoffIntents: ["greeting"] } }));
    expect(problems).toEqual([{ path: "edge.handoffIntents.0", message: expect.stringMatching(/both answered/) }]);
  });

  it("refuses unknown keys, so a typo cannot silently drop a limit", () => {
    const problems = problemsOf(minimal({ actions: { refund: { approval: "automatic", maxAmountMinr: 100 } } }));
    expect(problems).toEqual([{ path: "actions.refund.maxAmountMinr", message: 'unknown field "maxAmountMinr"' }]);
  });

  it("refuses text the database cannot store anywhere in the document, each with its path", () => {
    const rules = [{ id: "r1", description: "ok\ud800", appliesTo: ["refund"], when: [], then: "deny" }];
    expect(problemsOf(minimal({ description: "v1\u0000", rules }))).toEqual([
      { path: "description", message: expect.stringContaining("NUL") },
      { path: "rules.0.description", message: expect.stringContaining("surrogate") },
    ]);
  });

  it("rejects what is not an object with one problem for the whole document", () => {
    expect(problemsOf("refund everything")).toEqual([{ path: "(document)", message: expect.any(String) }]);
  });
});
