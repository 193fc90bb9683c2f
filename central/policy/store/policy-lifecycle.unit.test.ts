import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../shared/event-envelope.js";
import { policyDocumentSchema } from "../../../shared/policy/policy-document.js";
import { decideActivate, decidePush, decideRollback } from "./policy-lifecycle.js";
import {
  activeActivation,
  canonicalJson,
  documentSha256,
  initialPolicyState,
  policyEvolution,
  type PolicyState,
} from "./policy-state.js";
import { givenState } from "../../event-store/testing/decider-specification.js";
import { activateDecider, pushDecider, rollbackDecider } from "./policy-deciders.js";
import { testPolicy } from "../testing/policy-documents.js";

const doc = (version: number) => policyDocumentSchema.parse(testPolicy("acme", version));
const recording = { stream: "policy:acme:policies" };
const meta = { tenantId: "acme", by: "a", correlationId: "c" };

/** Given: the events a sequence of decisions would record, folded into a state. */
function given(steps: Array<["push", number] | ["activate", number] | ["rollback"]>): PolicyState {
  const events: NewEvent[] = [];
  const now = () => givenState(policyEvolution("acme"), events, recording);
  for (const step of steps) {
    const command = { meta, eventId: crypto.randomUUID(), reason: null };
    const decided =
      step[0] === "push"
        ? pushDecider("acme").decide({ ...command, document: doc(step[1]), dryRun: null }, now())
        : step[0] === "activate"
          ? activateDecider("acme").decide({ ...command, version: step[1] }, now())
          : rollbackDecider("acme").decide(command, now());
    if (!decided.ok || decided.value.events.length === 0)
      throw new Error(`given step ${step.join(" ")} did not record an event`);
    events.push(...decided.value.events);
  }
  return now();
}

describe("policy lifecycle", () => {
  it("pushes a first version, recording the whole document and its digest", () => {
    const decided = decidePush(initialPolicyState("acme"), {
      document: doc(1),
      by: "ops",
      dryRun: { sampled: 3, changed: 1 },
    });
    expect(decided).toEqual({
      ok: true,
      value: {
        kind: "push",
        data: {
          tenantId: "acme",
          version: 1,
          document: doc(1),
          documentSha256: documentSha256(doc(1)),
          pushedBy: "ops",
          dryRun: { sampled: 3, changed: 1 },
        },
      },
    });
  });

  it("treats the same version pushed again as already pushed, another document at that version as immutable", () => {
    const state = given([["push", 1]]);
    expect(decidePush(state, { document: doc(1), by: "ops", dryRun: null })).toEqual({
      ok: true,
      value: { kind: "already_pushed", version: 1 },
    });
    const changed = { ...doc(1), description: "edited" };
    expect(decidePush(state, { document: changed, by: "ops", dryRun: null })).toMatchObject({
      ok: false,
      error: { code: "policy_version_exists" },
    });
  });

  it("refuses a version not above the latest, and a document of another tenant", () => {
    const state = given([
      ["push", 1],
      ["push", 3],
    ]);
    expect(decidePush(state, { document: doc(2), by: "ops", dryRun: null })).toMatchObject({
      ok: false,
      error: { code: "policy_version_not_increasing", latest: 3 },
    });
    expect(decidePush(state, { document: { ...doc(4), tenantId: "globex" }, by: "ops", dryRun: null })).toMatchObject({
      ok: false,
      error: { code: "policy_tenant_mismatch" },
    });
  });

  it("activates a pushed version, naming the previous one; activating the active one changes nothing", () => {
    const state = given([
      ["push", 1],
      ["push", 2],
      ["activate", 1],
    ]);
    expect(decideActivate(state, { version: 2, by: "ops", reason: "go" })).toEqual({
      ok: true,
      value: {
        kind: "activate",
        data: { tenantId: "acme", version: 2, previousVersion: 1, activatedBy: "ops", reason: "go" },
      },
    });
    expect(decideActivate(state, { version: 1, by: "ops", reason: null })).toEqual({
      ok: true,
      value: { kind: "already_active", version: 1 },
    });
    expect(decideActivate(state, { version: 9, by: "ops", reason: null })).toMatchObject({
      ok: false,
      error: { code: "policy_version_not_found" },
    });
  });

  it("rolls back to the version active before, and further back on a second rollback", () => {
    const state = given([
      ["push", 1],
      ["push", 2],
      ["push", 3],
      ["activate", 1],
      ["activate", 3],
      ["activate", 2],
    ]);
    expect(decideRollback(state, { by: "ops", reason: "bad" })).toMatchObject({
      ok: true,
      value: { kind: "roll_back", data: { fromVersion: 2, toVersion: 3 } },
    });
    const after = given([
      ["push", 1],
      ["push", 2],
      ["push", 3],
      ["activate", 1],
      ["activate", 3],
      ["activate", 2],
      ["rollback"],
    ]);
    expect(activeActivation(after)).toMatchObject({ version: 3, how: "rolled_back" });
    expect(decideRollback(after, { by: "ops", reason: null })).toMatchObject({
      ok: true,
      value: { data: { fromVersion: 3, toVersion: 1 } },
    });
  });

  it("refuses a rollback with nothing before the active version, or nothing active", () => {
    expect(decideRollback(given([["push", 1]]), { by: "ops", reason: null })).toMatchObject({
      ok: false,
      error: { code: "no_rollback_target" },
    });
    expect(
      decideRollback(
        given([
          ["push", 1],
          ["activate", 1],
        ]),
        { by: "ops", reason: null },
      ),
    ).toMatchObject({ ok: false, error: { code: "no_rollback_target" } });
  });

  it("recognises a retried rollback by fromVersion instead of rolling back twice", () => {
    const state = given([
      ["push", 1],
      ["push", 2],
      ["push", 3],
      ["activate", 1],
      ["activate", 2],
      ["activate", 3],
      ["rollback"],
    ]);
    expect(decideRollback(state, { fromVersion: 3, by: "ops", reason: null })).toEqual({
      ok: true,
      value: { kind: "already_rolled_back", fromVersion: 3, toVersion: 2 },
    });
    expect(decideRollback(state, { fromVersion: 1, by: "ops", reason: null })).toMatchObject({
      ok: false,
      error: { code: "active_version_mismatch", activeVersion: 2 },
    });
  });

  it("digests documents by canonical JSON, whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    const reordered = Object.fromEntries(Object.entries(doc(1)).reverse()) as ReturnType<typeof doc>;
    expect(documentSha256(reordered)).toBe(documentSha256(doc(1)));
  });
});
