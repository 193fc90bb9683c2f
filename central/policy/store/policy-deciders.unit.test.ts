import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../shared/event-envelope.js";
import { policyDocumentSchema } from "../../../shared/policy/policy-document.js";
import { deciderSpecification, givenState, recordedEvents } from "../../event-store/testing/decider-specification.js";
import { activateDecider, pushDecider, rollbackDecider } from "./policy-deciders.js";
import { policyEvolution } from "./policy-state.js";
import { testPolicy } from "../testing/policy-documents.js";

const recording = { stream: "policy:acme:policies" };
const meta = { tenantId: "acme", by: "ops", correlationId: "corr-1" };
const doc = (version: number) => policyDocumentSchema.parse(testPolicy("acme", version));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function pushed(version: number, n = version): NewEvent {
  const decided = pushDecider("acme").decide(
    { meta, eventId: id(n), document: doc(version), dryRun: null },
    givenState(policyEvolution("acme"), [], recording),
  );
  if (!decided.ok || !decided.value.events[0]) throw new Error("expected a push");
  return decided.value.events[0];
}

function activated(history: NewEvent[], version: number, n: number): NewEvent {
  const decided = activateDecider("acme").decide(
    { meta, eventId: id(n), version, reason: null },
    givenState(policyEvolution("acme"), history, recording),
  );
  if (!decided.ok || !decided.value.events[0]) throw new Error("expected an activation");
  return decided.value.events[0];
}

describe("policy deciders", () => {
  it("push records the document under the command's event id, admin as actor; the same again records nothing", () => {
    const spec = deciderSpecification(pushDecider("acme"), recording);

    spec
      .given()
      .when({ meta, eventId: id(1), document: doc(1), dryRun: { sampled: 2, changed: 0 } })
      .then(
        [
          {
            type: "policy.pushed",
            eventId: id(1),
            data: { version: 1, pushedBy: "ops", dryRun: { sampled: 2, changed: 0 } },
            metadata: { actor: { kind: "admin", id: "ops" }, policyVersion: "1", correlationId: "corr-1" },
          },
        ],
        { alreadyPushed: false },
      );
    spec
      .given(pushed(1))
      .when({ meta, eventId: id(2), document: doc(1), dryRun: null })
      .thenNothingHappens({ alreadyPushed: true });
    spec
      .given(pushed(2))
      .when({ meta, eventId: id(3), document: doc(1), dryRun: null })
      .thenFails({ code: "policy_version_not_increasing", latest: 2 });
  });

  it("activation names the version it replaces; the active one again records nothing", () => {
    const spec = deciderSpecification(activateDecider("acme"), recording);
    const history = [pushed(1), pushed(2)];
    const first = activated(history, 1, 3);

    spec
      .given(...history, first)
      .when({ meta: { ...meta, by: "system:seed" }, eventId: id(4), version: 2, reason: "go" })
      .then(
        [
          {
            type: "policy.activated",
            data: { version: 2, previousVersion: 1 },
            metadata: { actor: { kind: "system" } },
          },
        ],
        { changed: true, previousVersion: 1 },
      );
    spec
      .given(...history, first)
      .when({ meta, eventId: id(4), version: 1, reason: null })
      .thenNothingHappens({ changed: false });
    spec
      .given(...history)
      .when({ meta, eventId: id(4), version: 7, reason: null })
      .thenFails({
        code: "policy_version_not_found",
      });
  });

  it("rollback returns to the version active before, recognises its own retry, refuses a stale one", () => {
    const spec = deciderSpecification(rollbackDecider("acme"), recording);
    const history = [pushed(1), pushed(2)];
    history.push(activated(history, 1, 3));
    history.push(activated(history, 2, 4));

    spec
      .given(...history)
      .when({ meta, eventId: id(5), fromVersion: 2, reason: "bad" })
      .then([{ type: "policy.rolled_back", data: { fromVersion: 2, toVersion: 1 } }], {
        changed: true,
        previousVersion: 2,
      });
    const decided = spec.given(...history).when({ meta, eventId: id(5), fromVersion: 2, reason: null }).result;
    if (!decided.ok) throw new Error("expected the rollback");
    const rolledBack = [...history, ...decided.value.events];
    spec
      .given(...rolledBack)
      .when({ meta, eventId: id(6), fromVersion: 2, reason: null })
      .thenNothingHappens({ changed: false, previousVersion: 2 });
    spec
      .given(...rolledBack)
      .when({ meta, eventId: id(6), fromVersion: 3, reason: null })
      .thenFails({ code: "active_version_mismatch", activeVersion: 1 });
  });

  it("folds without changing the state it is given", () => {
    const { initialState, evolve } = policyEvolution("acme");
    const history = [pushed(1), pushed(2, 2)];
    history.push(activated(history, 1, 3));
    const [first, second, activation] = recordedEvents(history, recording);
    if (!first || !second || !activation) throw new Error("expected three events");
    const before = evolve(initialState(), first);
    const frozen = structuredClone(before);

    const after = evolve(evolve(before, second), activation);

    expect(before).toEqual(frozen);
    expect([...after.versions.keys()]).toEqual([1, 2]);
    expect(after.stack.map((entry) => entry.version)).toEqual([1]);
  });
});
