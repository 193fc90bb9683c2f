import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../shared/event-envelope.js";
import { policyDocumentSchema } from "../../../shared/policy/policy-document.js";
import { randomBytes } from "node:crypto";
import type { EventStore } from "../../event-store/event-store.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { createEncryptingEventStore } from "../../erasure/encrypting-event-store.js";
import { createInMemoryCustomerKeyStore } from "../../erasure/in-memory-customer-key-store.js";
import { createPersonalDataCipher } from "../../erasure/personal-data-cipher.js";
import { ERASED_TEXT } from "../../erasure/personal-fields.js";
import { deterministicUuid } from "../../ids/deterministic-uuid.js";
import { createPolicyStore } from "./policy-store.js";
import { createPolicyAudit, createRecordedProposals } from "./recorded-proposals.js";
import { testPolicy } from "../testing/policy-documents.js";

const context = {
  tenantId: "acme",
  customerId: "c-1",
  now: "2026-11-20T10:00:00.000Z",
  customer: { tier: "gold", priorRefunds: 0, riskFlags: [] },
  order: null,
  usage: { customerPeriodCount: 0, customerPeriodTotalMinor: 0, tenantDayTotalMinor: 0 },
};

function event(type: string, actionId: string, data: Record<string, unknown>, tenantId = "acme"): NewEvent {
  return {
    eventId: deterministicUuid(`${tenantId}|${actionId}|${type}`),
    type,
    data: {
      actionId,
      type: "refund",
      customerId: "c-1",
      conversationId: "conv-1",
      amountMinor: 300,
      currency: "EUR",
      ...data,
    },
    metadata: {
      tenantId,
      correlationId: `corr-${actionId}`,
      causationId: null,
      actor: { kind: "system", id: "test" },
      modelVersion: "m",
      policyVersion: "1",
      sources: [],
    },
  };
}

function proposed(actionId: string, amountMinor: number, withContext = true, tenantId = "acme"): NewEvent {
  return event(
    "action.proposed",
    actionId,
    {
      amountMinor,
      reason: "the parcel arrived broken",
      proposal: { type: "refund", amountMinor, currency: "EUR" },
      ...(withContext ? { context: { ...context, tenantId } } : {}),
    },
    tenantId,
  );
}

async function recordHistory(eventStore: EventStore = createInMemoryEventStore()) {
  const append = (tenantId: string, actionId: string, events: NewEvent[]) =>
    eventStore.append(`action:${tenantId}:${actionId}`, events, { expectedVersion: "any" });
  await append("acme", "a-1", [
    proposed("a-1", 300),
    event("action.approved", "a-1", {
      approvedBy: "policy",
      approval: "automatic",
      policyVersion: 1,
      ruleIds: ["refund.approval"],
      reasons: ["refunds are automatic"],
    }),
    event("action.executed", "a-1", { operationId: "op-1" }),
  ]);
  await append("acme", "a-2", [
    proposed("a-2", 50),
    event("action.approval_requested", "a-2", {
      amountMinor: 50,
      approval: "one_human",
      expiresAt: "2026-11-21T10:00:00.000Z",
      policyVersion: 1,
      ruleIds: ["vip"],
    }),
    event("action.approved", "a-2", { amountMinor: 50, approvedBy: "ops" }),
  ]);
  await append("acme", "a-3", [
    proposed("a-3", 80, false),
    event("action.approved", "a-3", { approvedBy: "policy", policyVersion: 1, ruleIds: [] }),
  ]);
  await append("acme", "a-4", [proposed("a-4", 90)]); // not decided yet
  await append("globex", "g-1", [
    proposed("g-1", 300, true, "globex"),
    event("action.denied", "g-1", { policyVersion: 2, ruleIds: ["x"] }, "globex"),
  ]);
  return eventStore;
}

describe("recorded proposals", () => {
  it("keeps the tenant's decided proposals with their context, the policy's decision then, and execution", async () => {
    const records = await createRecordedProposals(await recordHistory()).recent("acme", 10);
    expect(
      records.map((record) => [
        record.actionId,
        record.decision.verdict,
        record.decision.approval,
        record.policyVersion,
        record.executed,
      ]),
    ).toEqual([
      ["a-1", "approve", "automatic", 1, true],
      ["a-2", "needs_approval", "one_human", 1, false],
    ]);
    expect(records[0]).toMatchObject({
      correlationId: "corr-a-1",
      proposal: { type: "refund", amountMinor: 300, reason: "the parcel arrived broken" },
      context,
    });
    expect(records[1]?.decision).toEqual({
      verdict: "needs_approval",
      approval: "one_human",
      ruleIds: ["vip"],
      reasons: [""],
    });
  });

  it("returns only the newest `limit`, and keeps at most `kept` per tenant", async () => {
    const eventStore = await recordHistory();
    expect((await createRecordedProposals(eventStore).recent("acme", 1)).map((record) => record.actionId)).toEqual([
      "a-2",
    ]);
    expect(
      (await createRecordedProposals(eventStore, { kept: 2 }).recent("acme", 10)).map((record) => record.actionId),
    ).toEqual(["a-2"]);
  });

  it("catches up with proposals recorded after the first query", async () => {
    const eventStore = await recordHistory();
    const recorded = createRecordedProposals(eventStore);
    expect(await recorded.recent("acme", 10)).toHaveLength(2);
    await eventStore.append(
      "action:acme:a-4",
      [event("action.denied", "a-4", { amountMinor: 90, policyVersion: 1, ruleIds: ["refund.max_amount"] })],
      { expectedVersion: 1 },
    );
    expect((await recorded.recent("acme", 10)).map((record) => record.actionId)).toEqual(["a-1", "a-2", "a-4"]);
  });

  it("keeps no decrypted reason: it decrypts per query, so an erased customer's reason reads as erased", async () => {
    const inner = createInMemoryEventStore();
    const keys = createInMemoryCustomerKeyStore(randomBytes(32));
    await recordHistory(createEncryptingEventStore(inner, keys));
    const recorded = createRecordedProposals(inner, {
      decrypt: (events) => createPersonalDataCipher(keys).decryptEvents(events),
    });
    expect((await recorded.recent("acme", 10)).map((record) => record.proposal.reason)).toEqual([
      "the parcel arrived broken",
      "the parcel arrived broken",
    ]);
    await keys.destroy("acme", "c-1");
    expect((await recorded.recent("acme", 10)).map((record) => record.proposal.reason)).toEqual([
      ERASED_TEXT,
      ERASED_TEXT,
    ]);
  });

  it("audits a stricter candidate: the executed refund it would deny comes with a compensation", async () => {
    const audit = createPolicyAudit(createRecordedProposals(await recordHistory()));
    const candidate = policyDocumentSchema.parse(
      testPolicy("acme", 2, {
        actions: { refund: { approval: "automatic", maxAmountMinor: 100 }, handoff: { approval: "automatic" } },
      }),
    );
    const report = await audit("acme", candidate, 100);
    expect(report).toMatchObject({ examined: 2, changed: 2 });
    const executed = (
      report.differences as Array<{
        actionId?: string;
        executed: boolean;
        after: { verdict: string };
        compensation: { action: string } | null;
      }>
    ).find((d) => d.actionId === "a-1");
    expect(executed).toMatchObject({
      executed: true,
      after: { verdict: "deny" },
      compensation: { action: "reverse_refund" },
    });
  });
});

describe("dry-run on push over recorded proposals", () => {
  it("records how many recent decisions the pushed version would change", async () => {
    const eventStore = await recordHistory();
    const store = createPolicyStore({
      eventStore,
      clock: () => new Date(),
      dryRun: createPolicyAudit(createRecordedProposals(eventStore)),
    });
    const meta = { tenantId: "acme", by: "ops", correlationId: "corr-dry" };
    const strict = testPolicy("acme", 1, {
      actions: { refund: { approval: "automatic", maxAmountMinor: 100 }, handoff: { approval: "automatic" } },
    });
    const pushed = await store.push(meta, strict, { dryRunLimit: 50 });
    expect(pushed).toMatchObject({
      ok: true,
      value: { version: 1, dryRun: { examined: 2, changed: 2, executedNowDenied: 1 } },
    });
    expect((await store.getVersion("acme", 1))?.dryRun).toEqual({ sampled: 2, changed: 2 });
  });
});
