import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../shared/event-envelope.js";
import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import { err, ok } from "../../../shared/result.js";
import { deciderSpecification, type GivenEvent } from "../../event-store/testing/decider-specification.js";
import { proposalEvents, type ProposalTurn } from "../pipeline/action-event-builders.js";
import {
  approvalTakesEffect,
  confirmationDecider,
  executionDecider,
  expiryDecider,
  humanDecisionDecider,
  proposalDecider,
  type HumanDecision,
  type ProposeAction,
} from "./action-deciders.js";
import { APPROVAL_EXPIRED_RULE_ID, POLICY_NOW_DENIES } from "./action-state.js";

const ACTION = "a-1";
const STREAM = `action:acme:${ACTION}`;
const turn: ProposalTurn = {
  tenantId: "acme",
  conversationId: "conv-1",
  customerId: "cust-1",
  correlationId: "corr-1",
  replyEventId: "0b0e6a4e-2f43-8f35-9d8c-4b7a1c2d3e4f",
};
const automatic: PolicyDecision = {
  verdict: "approve",
  approval: "automatic",
  ruleIds: ["refund.automatic"],
  reasons: ["small refunds are automatic"],
};
const humans = (approval: "one_human" | "two_humans"): PolicyDecision => ({
  verdict: "needs_approval",
  approval,
  ruleIds: ["refund-over-50"],
  reasons: ["above 50.00"],
});
const denies: PolicyDecision = {
  verdict: "deny",
  approval: null,
  ruleIds: ["refund.per_customer_count"],
  reasons: ["x"],
};

function propose(decision: PolicyDecision): ProposeAction {
  return {
    turn,
    actionId: ACTION,
    proposal: { type: "refund", amountMinor: 6000, currency: "EUR", orderId: "A-1", reason: "parcel damaged" },
    context: {
      tenantId: "acme",
      customerId: "cust-1",
      now: "2026-11-20T10:00:00.000Z",
      customer: { tier: "standard", priorRefunds: 0, riskFlags: [] },
      order: null,
      usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0 },
    },
    proposer: { provider: "fake", model: "m-1" },
    decision,
    policyVersion: 3,
    expiresAt: "2026-11-23T10:00:00.000Z",
  };
}

/** The events of an action the policy decided with `decision`. */
const proposed = (decision: PolicyDecision): NewEvent[] => proposalEvents(propose(decision));
const eventId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function human(overrides: Partial<HumanDecision> = {}): HumanDecision {
  return {
    decision: "approve",
    by: "ops-ann",
    reason: "checked the photos",
    now: "2026-11-21T09:00:00.000Z",
    requestId: "req-1",
    eventId: eventId(1),
    policyNow: { decision: humans("one_human"), policyVersion: 3 },
    ...overrides,
  };
}

/** The events of a pending action after `later`, each recorded at the given time. */
function pending(approval: "one_human" | "two_humans", ...later: GivenEvent[]): GivenEvent[] {
  return [...proposed(humans(approval)), ...later];
}

describe("proposing an action", () => {
  const spec = deciderSpecification(proposalDecider("acme", ACTION), { stream: STREAM });

  it("records the proposal and the policy's decision, and says what the policy decided", () => {
    spec
      .given()
      .when(propose(automatic))
      .then(
        [
          { type: "action.proposed", data: { actionId: ACTION, amountMinor: 6000, reason: "parcel damaged" } },
          { type: "action.approved", data: { approvedBy: "policy", approval: "automatic", policyVersion: 3 } },
        ],
        "approve",
      );
  });

  it("refuses an action already recorded: a retried reply records nothing twice", () => {
    spec
      .given(...proposed(automatic))
      .when(propose(automatic))
      .thenFails({ code: "already_recorded" });
  });
});

describe("a human's decision", () => {
  const spec = deciderSpecification(humanDecisionDecider("acme", ACTION), { stream: STREAM });

  it("approves a one_human action, citing the admin request", () => {
    spec
      .given(...pending("one_human"))
      .when(human())
      .then(
        [
          {
            type: "action.approved",
            eventId: eventId(1),
            data: { approvedBy: "ops-ann", approval: "one_human", ruleIds: ["refund-over-50"] },
            metadata: { actor: { kind: "admin", id: "ops-ann" }, sources: [{ kind: "event" }, { ref: "req-1" }] },
          },
        ],
        { kind: "approved" },
      );
  });

  it("records the first of two approvals without needing the policy again", () => {
    const state = spec.given(...pending("two_humans")).state;

    expect(approvalTakesEffect(state, human())).toBe(false);
    spec
      .given(...pending("two_humans"))
      .when(human({ policyNow: null }))
      .then([{ type: "action.approval_recorded", data: { remaining: 1 } }], { kind: "approval_recorded" });
  });

  it("withdraws an approval the policy, evaluated again, now denies, and refuses it with the policy's rules", () => {
    spec
      .given(...pending("one_human"))
      .when(human({ policyNow: { decision: denies, policyVersion: 4 } }))
      .then(
        [
          {
            type: "action.denied",
            data: { deniedBy: "system", policyVersion: 4, ruleIds: [POLICY_NOW_DENIES, "refund.per_customer_count"] },
          },
        ],
        { kind: "withdrawn", refusal: { code: "policy_now_denies", ruleIds: ["refund.per_customer_count"] } },
      );
  });

  it("will not approve without the policy evaluated again (a bug in the caller)", () => {
    const given = spec.given(...pending("one_human"));

    expect(approvalTakesEffect(given.state, human())).toBe(true);
    expect(() => given.when(human({ policyNow: null }))).toThrow(/evaluated again/);
  });

  it("rejects with the admin's note", () => {
    spec
      .given(...pending("one_human"))
      .when(human({ decision: "reject", reason: "duplicate claim", policyNow: null }))
      .then([{ type: "action.denied", data: { deniedBy: "ops-ann", note: "duplicate claim" } }], { kind: "rejected" });
  });

  it("records the expiry on the first decision after the deadline, and refuses later ones without recording", () => {
    const late = human({ now: "2026-11-23T10:00:00.000Z" });
    spec
      .given(...pending("one_human"))
      .when(late)
      .then([{ type: "action.denied", data: { deniedBy: "system", ruleIds: [APPROVAL_EXPIRED_RULE_ID] } }], {
        kind: "expired",
        refusal: { code: "approval_expired" },
      });

    const expiry = expiryDecider("acme", ACTION).decide(
      { now: late.now, eventId: eventId(2) },
      spec.given(...pending("one_human")).state,
    );
    if (!expiry.ok) throw new Error("expected the expiry");
    spec
      .given(...pending("one_human", ...expiry.value.events))
      .when(late)
      .thenFails({ code: "approval_expired", expiry: null });
  });

  it("refuses a second admin twice, and any decision on a decided action", () => {
    const first = humanDecisionDecider("acme", ACTION).decide(
      human({ policyNow: null }),
      spec.given(...pending("two_humans")).state,
    );
    if (!first.ok) throw new Error("expected the first approval");
    spec
      .given(...pending("two_humans", ...first.value.events))
      .when(human({ eventId: eventId(2) }))
      .thenFails({ code: "duplicate_approver" });
    spec
      .given(...proposed(automatic))
      .when(human())
      .thenFails({ code: "approval_not_pending", status: "approved" });
    spec.given().when(human()).thenFails({ code: "not_found" });
  });
});

describe("the sweep's expiry", () => {
  const spec = deciderSpecification(expiryDecider("acme", ACTION), { stream: STREAM });

  it("records the expiry of a pending action past its deadline, and nothing before it or once decided", () => {
    spec
      .given(...pending("one_human"))
      .when({ now: "2026-11-23T10:00:00.000Z", eventId: eventId(1) })
      .then(
        [{ type: "action.denied", eventId: eventId(1), metadata: { actor: { id: "approval-expiry" } } }],
        "expired",
      );
    spec
      .given(...pending("one_human"))
      .when({ now: "2026-11-23T09:59:59.999Z", eventId: eventId(1) })
      .thenNothingHappens("not_expired");
    spec
      .given(...proposed(automatic))
      .when({ now: "2026-12-01T00:00:00.000Z", eventId: eventId(1) })
      .thenNothingHappens("not_expired");
  });
});

describe("confirming an approval in the log's order", () => {
  const spec = deciderSpecification(confirmationDecider("acme", ACTION), { stream: STREAM });
  const then = (decision: PolicyDecision) => ({ decision, policyVersion: 3 });

  it("keeps an automatic approval the policy still approves, and withdraws one it would now send to humans", () => {
    spec
      .given(...proposed(automatic))
      .when({ approvedBy: "policy", eventId: eventId(1), policyThen: then(automatic) })
      .thenNothingHappens("confirmed");
    spec
      .given(...proposed(automatic))
      .when({ approvedBy: "policy", eventId: eventId(1), policyThen: then(humans("one_human")) })
      .then(
        [
          {
            type: "action.denied",
            data: { ruleIds: [POLICY_NOW_DENIES, "refund-over-50"], note: expect.stringMatching(/automatically/) },
          },
        ],
        "withdrawn",
      );
  });

  it("keeps a human approval unless the policy denies it", () => {
    const approved = humanDecisionDecider("acme", ACTION).decide(
      human(),
      deciderSpecification(humanDecisionDecider("acme", ACTION), { stream: STREAM }).given(...pending("one_human"))
        .state,
    );
    if (!approved.ok) throw new Error("expected the approval");
    const history = pending("one_human", ...approved.value.events);

    spec
      .given(...history)
      .when({ approvedBy: "humans", eventId: eventId(2), policyThen: then(humans("one_human")) })
      .thenNothingHappens("confirmed");
    spec
      .given(...history)
      .when({ approvedBy: "humans", eventId: eventId(2), policyThen: then(denies) })
      .then([{ type: "action.denied", data: { note: expect.stringMatching(/by humans/) } }], "withdrawn");
  });

  it("has nothing to confirm on an action that is not approved", () => {
    spec
      .given(...pending("one_human"))
      .when({ approvedBy: "humans", eventId: eventId(1), policyThen: null })
      .thenNothingHappens("not_approved");
  });
});

describe("recording an execution", () => {
  const spec = deciderSpecification(executionDecider("acme", ACTION), { stream: STREAM });
  const receipt = { operationId: `op:acme:${ACTION}`, reference: "fake-refund-1", alreadyExecuted: false };

  it("records the execution under the action's operation id and an id that is the same every time", () => {
    const when = () => spec.given(...proposed(automatic)).when({ executor: "fake-executor", result: ok(receipt) });
    when().then(
      [
        {
          type: "action.executed",
          data: { operationId: `op:acme:${ACTION}`, executor: "fake-executor", reference: "fake-refund-1" },
        },
      ],
      "executed",
    );
    expect(when().result).toEqual(when().result);
  });

  it("records a failed attempt with its kind, per stream version", () => {
    const failure = { code: "execution_failed" as const, message: "timeout", kind: "transient" as const };
    spec
      .given(...proposed(automatic))
      .when({ executor: "fake-executor", result: err(failure) })
      .then(
        [
          {
            type: "action.execution_failed",
            data: { code: "execution_failed", kind: "transient" },
          },
        ],
        "failed",
      );
  });

  it("records nothing for an action that is not approved (the executor was not asked)", () => {
    spec
      .given(...pending("one_human"))
      .when({ executor: "x", result: null })
      .thenNothingHappens("not_approved");
    spec
      .given(...proposed(denies))
      .when({ executor: "x", result: ok(receipt) })
      .thenNothingHappens("not_approved");
  });

  it("records an operation the executor performed while the approval was withdrawn, and no failure then", () => {
    const confirm = deciderSpecification(confirmationDecider("acme", ACTION), { stream: STREAM });
    const withdrawn = confirm
      .given(...proposed(automatic))
      .when({ approvedBy: "policy", eventId: eventId(1), policyThen: { decision: denies, policyVersion: 3 } }).result;
    if (!withdrawn.ok) throw new Error("expected the withdrawal");
    const history = [...proposed(automatic), ...withdrawn.value.events];
    const failure = { code: "execution_failed" as const, message: "timeout", kind: "transient" as const };

    spec
      .given(...history)
      .when({ executor: "fake-executor", result: ok(receipt) })
      .then([{ type: "action.executed", data: { reference: "fake-refund-1" } }], "executed");
    spec
      .given(...history)
      .when({ executor: "fake-executor", result: err(failure) })
      .thenNothingHappens("not_approved");
  });
});
