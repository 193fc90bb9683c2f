import { describe, expect, it } from "vitest";
import type { PolicyDecision } from "../../../shared/policy/action-proposal.js";
import { messageEvent } from "../../../test/support/catalog-events.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { proposalEvents } from "../pipeline/action-event-builders.js";
import {
  approvedNotExecuted,
  emptyLedger,
  expiredApprovals,
  factsOf,
  foldLedger,
  pendingApprovals,
} from "./action-ledger-fold.js";

const NOW = "2026-11-20T12:00:00.000Z";
const automatic: PolicyDecision = {
  verdict: "approve",
  approval: "automatic",
  ruleIds: ["refund.automatic"],
  reasons: ["small"],
};
const humans: PolicyDecision = {
  verdict: "needs_approval",
  approval: "one_human",
  ruleIds: ["refund-over-50"],
  reasons: ["above 50"],
};

/** A log with an automatically approved refund, one waiting for a human, and a message, as the store records them. */
async function recordedLog() {
  const store = createInMemoryEventStore(() => new Date(NOW));
  for (const [actionId, amountMinor, decision] of [
    ["a-1", 2000, "automatic"],
    ["a-2", 6000, "humans"],
  ] as const) {
    const events = proposalEvents({
      turn: {
        tenantId: "acme",
        conversationId: "conv-1",
        customerId: "cust-1",
        correlationId: "corr-1",
        replyEventId: `00000000-0000-4000-8000-00000000000${actionId.at(-1)}`,
      },
      actionId,
      proposal: { type: "refund", amountMinor, currency: "EUR", orderId: "A-1", reason: "broken" },
      context: {
        tenantId: "acme",
        customerId: "cust-1",
        now: NOW,
        customer: { tier: null, priorRefunds: 0, riskFlags: [] },
        order: null,
        usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0 },
      },
      proposer: { provider: "fake", model: "m-1" },
      decision: decision === "automatic" ? automatic : humans,
      policyVersion: 1,
      expiresAt: "2026-11-21T12:00:00.000Z",
    });
    await store.append(`action:acme:${actionId}`, events, { expectedVersion: "no_stream" });
  }
  await store.append("conversation:acme:conv-1", [messageEvent()], { expectedVersion: "any" });
  return store.readAll();
}

const usageQuery = { tenantId: "acme", customerId: "cust-1", type: "refund", now: NOW, windowDays: 30 };

describe("the action ledger's fold", () => {
  it("indexes actions by tenant and customer: usage, the approval queue, the sweep's work", async () => {
    const ledger = foldLedger(emptyLedger(), await recordedLog());

    expect(ledger.position).toBe(5);
    expect(factsOf(ledger, usageQuery)).toEqual({
      usage: { customerPeriodCount: 1, customerPeriodTotalMinor: 2000, tenantDayTotalMinor: 2000 },
      priorRefunds: 0,
    });
    expect(pendingApprovals(ledger, "acme", NOW).map((action) => action.actionId)).toEqual(["a-2"]);
    expect(pendingApprovals(ledger, "globex", NOW)).toEqual([]);
    expect(approvedNotExecuted(ledger).map((action) => action.actionId)).toEqual(["a-1"]);
    expect(expiredApprovals(ledger, "2026-11-21T12:00:00.000Z").map((action) => action.actionId)).toEqual(["a-2"]);
  });

  it("counts only approvals before a position when asked (confirming in the log's order)", async () => {
    const ledger = foldLedger(emptyLedger(), await recordedLog());

    expect(factsOf(ledger, { ...usageQuery, beforePosition: 2 }).usage.customerPeriodCount).toBe(0);
    expect(factsOf(ledger, { ...usageQuery, beforePosition: 3 }).usage.customerPeriodCount).toBe(1);
  });

  it("returns a new ledger and leaves the one it was given as it was, page after page", async () => {
    const log = await recordedLog();
    const first = foldLedger(emptyLedger(), log.slice(0, 2));
    const frozen = structuredClone(first);

    const second = foldLedger(first, log.slice(2));

    expect(first).toEqual(frozen);
    expect(approvedNotExecuted(first).map((action) => action.actionId)).toEqual(["a-1"]);
    expect(pendingApprovals(first, "acme", NOW)).toEqual([]);
    expect(pendingApprovals(second, "acme", NOW).map((action) => action.actionId)).toEqual(["a-2"]);
    expect(foldLedger(second, [])).toBe(second);
  });

  it("moves only the position for events outside action streams", async () => {
    const log = await recordedLog();
    const before = foldLedger(emptyLedger(), log.slice(0, 4));

    const after = foldLedger(before, log.slice(4));

    expect(after.position).toBe(5);
    expect(after.tenants).toBe(before.tenants);
  });
});
