import { describe, expect, it } from "vitest";
import { givenState, type GivenEvent } from "../../event-store/testing/decider-specification.js";
import { actionEvolution, initialActionState, type ActionState } from "./action-state.js";
import { APPROVAL_EXPIRED_RULE_ID, decideApproval, type ApprovalCommand } from "./decide-approval.js";

const RECORDING = { stream: "action:acme:a-1", recordedAt: "2026-11-20T10:00:00.000Z" };
const ref = {
  actionId: "a-1",
  type: "refund",
  customerId: "cust-1",
  conversationId: "conv-1",
  amountMinor: 30000,
  currency: "EUR",
};
let version = 0;

/** An event of the action's stream as the store is handed it (recorded by `given`). */
function recorded(type: string, data: Record<string, unknown>): GivenEvent {
  version += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(version).padStart(12, "0")}`,
    type,
    data,
    metadata: {
      tenantId: "acme",
      correlationId: "corr-1",
      causationId: null,
      actor: { kind: "system", id: "test" },
      modelVersion: "m-1",
      policyVersion: "3",
      sources: [],
    },
  };
}

/** The state of an action the policy sent to humans, after `later`. */
function given(approval: "one_human" | "two_humans", ...later: GivenEvent[]): ActionState {
  version = 0;
  const events = [
    recorded("action.proposed", { ...ref, reason: "broken" }),
    recorded("action.approval_requested", {
      ...ref,
      approval,
      expiresAt: "2026-11-23T10:00:00.000Z",
      policyVersion: 3,
      ruleIds: ["refund-over-200"],
      reasons: ["above 200.00"],
    }),
    ...later,
  ];
  return givenState(actionEvolution("acme", "a-1"), events, RECORDING);
}

const approve = (by: string, now = "2026-11-21T09:00:00.000Z"): ApprovalCommand => ({
  decision: "approve",
  by,
  reason: "checked the photos",
  now,
});

describe("deciding a pending approval", () => {
  it("approves a one_human action with the admin, the time and the reason recorded", () => {
    const outcome = decideApproval(given("one_human"), approve("ops-ann"));

    expect(outcome).toMatchObject({
      ok: true,
      value: {
        kind: "approved",
        data: {
          approvedBy: "ops-ann",
          approval: "one_human",
          approvers: [{ by: "ops-ann", at: "2026-11-21T09:00:00.000Z", reason: "checked the photos" }],
          ruleIds: ["refund-over-200"],
          policyVersion: 3,
        },
      },
    });
  });

  it("records the first of two approvals, then approves with the second, distinct admin", () => {
    const first = decideApproval(given("two_humans"), approve("ops-ann"));
    expect(first).toMatchObject({ ok: true, value: { kind: "approval_recorded", data: { remaining: 1 } } });
    if (!first.ok || first.value.kind !== "approval_recorded") return;

    const state = given("two_humans", recorded("action.approval_recorded", first.value.data));
    expect(decideApproval(state, approve("ops-ann"))).toMatchObject({
      ok: false,
      error: { code: "duplicate_approver" },
    });
    expect(decideApproval(state, approve("ops-bob"))).toMatchObject({
      ok: true,
      value: { kind: "approved", data: { approvedBy: "ops-ann,ops-bob", approval: "two_humans" } },
    });
  });

  it("rejects with the admin's note and keeps the policy's rule ids", () => {
    const outcome = decideApproval(given("one_human"), {
      ...approve("ops-ann"),
      decision: "reject",
      reason: "duplicate claim",
    });

    expect(outcome).toMatchObject({
      ok: true,
      value: { kind: "rejected", data: { deniedBy: "ops-ann", note: "duplicate claim", ruleIds: ["refund-over-200"] } },
    });
  });

  it("refuses a second decision on a decided action: a replayed approval changes nothing", () => {
    const state = given(
      "one_human",
      recorded("action.approved", { ...ref, approvedBy: "ops-ann", approval: "one_human" }),
    );

    expect(decideApproval(state, approve("ops-bob"))).toMatchObject({
      ok: false,
      error: { code: "approval_not_pending", status: "approved" },
    });
    expect(decideApproval(state, { ...approve("ops-bob"), decision: "reject" })).toMatchObject({
      ok: false,
      error: { code: "approval_not_pending" },
    });
  });

  it("refuses a decision at or after expiry, with the denial that records the expiry", () => {
    const outcome = decideApproval(given("one_human"), approve("ops-ann", "2026-11-23T10:00:00.000Z"));

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: "approval_expired", expiry: { deniedBy: "system", ruleIds: [APPROVAL_EXPIRED_RULE_ID] } },
    });
  });

  it("refuses actions that do not exist or were never sent for approval", () => {
    expect(decideApproval(initialActionState("acme", "nope"), approve("ops-ann"))).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    version = 0;
    const automatic = givenState(
      actionEvolution("acme", "a-1"),
      [
        recorded("action.proposed", { ...ref, reason: "r" }),
        recorded("action.approved", { ...ref, approvedBy: "policy" }),
      ],
      RECORDING,
    );
    expect(decideApproval(automatic, approve("ops-ann"))).toMatchObject({
      ok: false,
      error: { code: "approval_not_pending", status: "approved" },
    });
  });
});
