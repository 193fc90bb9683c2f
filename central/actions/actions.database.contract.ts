import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import type { Database } from "../db/database.js";
import { rawEventRows } from "../erasure/encrypting-event-store.database.contract.js";
import { createEncryptedEventLog } from "../erasure/encrypted-event-log.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { Clock } from "../clock.js";
import { createActionsModule } from "./actions-module.js";
import { createInMemoryOrderLookup } from "./context/in-memory-order-lookup.js";
import { createFakeActionExecutor } from "./executor/fake-action-executor.js";
import { loadAction } from "./pipeline/action-runtime.js";
import { createActionsHarness, demoPolicyFor, staticPolicySource } from "./testing/actions-harness.js";

const NOW = "2026-11-20T12:00:00.000Z";

/** Resolves callers in pairs: the first waits for a second (or `timeoutMs`), then both go on. */
function pairingBarrier(timeoutMs: number): () => Promise<void> {
  let waiting: (() => void) | null = null;
  return () =>
    new Promise<void>((resolve) => {
      if (waiting) {
        const partner = waiting;
        waiting = null;
        partner();
        resolve();
        return;
      }
      waiting = resolve;
      setTimeout(() => {
        if (waiting === resolve) {
          waiting = null;
          resolve();
        }
      }, timeoutMs);
    });
}

/** The proposal pipeline and approval queue on a real database (PGlite or PostgreSQL), through the encrypting store. */
export function describeActionsOnDatabase(name: string, database: () => Database): void {
  describe(`actions pipeline on ${name}`, () => {
    const masterKey = randomBytes(32);
    const storeOn = (clock: Clock) => createEncryptedEventLog({ db: database().db, masterKey, clock }).eventStore;

    function setup(proposals: Record<string, unknown>[][]) {
      const tenantId = `t-${randomUUID().slice(0, 8)}`;
      let call = 0;
      const llm = createScriptedFakeLlmProvider({
        script: (request) =>
          fakeReply(request.responseFormat ? JSON.stringify({ proposals: proposals[call++] ?? [] }) : "Let me check.", {
            model: "fake-db-1",
          }),
      });
      const orders = [
        { tenantId, customerId: "cust-1", orderId: "A-1", placedAt: "2026-11-18T12:00:00.000Z", totalMinor: 100_000 },
      ];
      const policy = demoPolicyFor(tenantId);
      const h = createActionsHarness({ llm, eventStore: storeOn, policies: { [tenantId]: policy }, orders, now: NOW });
      const say = (text: string) => h.say(text, { tenantId, conversationId: `conv-${randomUUID().slice(0, 8)}` });
      return { h, tenantId, llm, orders, policy, say };
    }

    const refund = (amountMinor: number) => ({
      type: "refund",
      amountMinor,
      currency: "EUR",
      orderId: "A-1",
      reason: "Ada's parcel from Analytical Engine Ltd arrived crushed",
      details: { subject: "Refund for Ada Lovelace" },
    });

    it("records, decides and executes a small refund once; the model's reason and details are encrypted", async () => {
      const { h, tenantId, say } = setup([[refund(1250)]]);

      await say("refund 12.50 for order A-1");

      const [action] = await h.actionStates(tenantId);
      expect(action).toMatchObject({
        status: "executed",
        decidedBy: "policy",
        policyVersion: 1,
        modelVersion: "fake-db-1",
        reason: "Ada's parcel from Analytical Engine Ltd arrived crushed",
      });
      expect(h.executor.executed).toHaveLength(1);
      const raw = await rawEventRows(database());
      expect(raw).not.toContain("Analytical Engine Ltd");
      expect(raw).not.toContain("Ada Lovelace");
      const proposed = await h.eventStore.readStream(`action:${tenantId}:${action?.actionId}`, { limit: 1 });
      expect(proposed.ok && proposed.value[0]?.data.details).toBe('{"subject":"Refund for Ada Lovelace"}');
    });

    it("runs two_humans approval across two instances: the other sees the queue, approves, executes once", async () => {
      const { h, tenantId, say, llm, orders, policy } = setup([[refund(30_000)]]);
      await say("refund 300 for order A-1");
      const [action] = await h.actionStates(tenantId);
      const actionId = action?.actionId ?? "";
      const clock = h.now;
      const executor = createFakeActionExecutor();
      // Another central instance on the same database: its ledger is rebuilt from the log.
      const other = createActionsModule({
        eventStore: storeOn(clock),
        // The ledger reads the raw log (ciphertext for personal fields), as central wires it.
        logReader: createDrizzleEventStore(database().db, clock),
        llm,
        executor,
        policies: staticPolicySource({ [tenantId]: policy }),
        summaries: { summary: async () => null },
        orders: createInMemoryOrderLookup(orders),
        clock,
      });

      expect(await other.approvals.pending(tenantId)).toMatchObject([
        {
          action: {
            actionId,
            approval: "two_humans",
            reason: "Ada's parcel from Analytical Engine Ltd arrived crushed",
          },
          approvalsNeeded: 2,
        },
      ]);
      expect(
        await h.actions.approvals.decide({
          tenantId,
          actionId,
          decision: "approve",
          by: "ops-ann",
          reason: "ok",
          requestId: "r1",
        }),
      ).toMatchObject({ ok: true, value: { outcome: "approval_recorded" } });
      const racing = await Promise.all([
        other.approvals.decide({
          tenantId,
          actionId,
          decision: "approve",
          by: "ops-bob",
          reason: "ok",
          requestId: "r2",
        }),
        other.approvals.decide({
          tenantId,
          actionId,
          decision: "approve",
          by: "ops-cy",
          reason: "ok",
          requestId: "r3",
        }),
      ]);

      expect(racing.filter((result) => result.ok)).toHaveLength(1);
      expect(executor.executed).toHaveLength(1);
      expect(h.executor.calls).toEqual([]);
      expect(await loadAction(h.eventStore, tenantId, actionId)).toMatchObject({ status: "executed" });
      expect(
        await other.ledger.usage({ tenantId, customerId: "cust-1", type: "refund", now: NOW, windowDays: 30 }),
      ).toEqual({ customerPeriodCount: 1, customerPeriodTotalMinor: 30_000, tenantDayTotalMinor: 30_000 });
    });

    it("lets log order decide two instances' concurrent decisions on one limit: only the allowed run", async () => {
      const tenantId = `t-${randomUUID().slice(0, 8)}`;
      const policy = demoPolicyFor(tenantId);
      const orders = createInMemoryOrderLookup([
        { tenantId, customerId: "cust-1", orderId: "A-1", placedAt: "2026-11-18T12:00:00.000Z", totalMinor: 100_000 },
      ]);
      const clock = () => new Date(NOW);
      const executor = createFakeActionExecutor();
      const llm = createScriptedFakeLlmProvider({
        script: () => fakeReply(JSON.stringify({ proposals: [refund(1000)] })),
      });
      // Forces the race: each decision waits (while its usage is read) until the other instance's decision arrives too,
      // so both read usage before either records its approval.
      const meet = pairingBarrier(300);
      const instance = () =>
        createActionsModule({
          eventStore: storeOn(clock),
          logReader: createDrizzleEventStore(database().db, clock),
          llm,
          executor,
          policies: staticPolicySource({ [tenantId]: policy }),
          summaries: { summary: async () => (await meet(), null) },
          orders,
          clock,
        });
      const [first, second] = [instance(), instance()];

      // Six replies, three on each instance, all at once: the demo policy allows two refunds per customer per 30 days.
      const runs = Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).pipeline.afterReply(
          {
            tenantId,
            conversationId: "conv-race",
            customerId: "cust-1",
            correlationId: `corr-${index}`,
            replyEventId: randomUUID(),
          },
          [{ role: "user", text: "refund 10 for order A-1" }],
        ),
      );
      await Promise.all(runs);

      expect(executor.executed).toHaveLength(2);
      const usage = await first.ledger.usage({
        tenantId,
        customerId: "cust-1",
        type: "refund",
        now: NOW,
        windowDays: 30,
      });
      expect(usage.customerPeriodCount).toBe(2);
    });

    it("a sweep on a restarted instance executes an approved action whose execution failed, once", async () => {
      const { h, tenantId, say, policy, orders } = setup([[refund(1000)]]);
      h.executor.failNext(1);
      await say("refund 10 for order A-1");
      const [action] = await h.actionStates(tenantId);
      expect(action).toMatchObject({ status: "approved", executionFailures: 1 });

      const restarted = createActionsModule({
        eventStore: storeOn(h.now),
        llm: createScriptedFakeLlmProvider(),
        executor: h.executor,
        // No policy active any more; the version the approval recorded is still in the shared policy store.
        policies: staticPolicySource({}, [policy]),
        summaries: { summary: async () => null },
        // The same order system as before the restart (the sweep confirms the approval against the order's facts).
        orders: createInMemoryOrderLookup(orders),
        clock: h.now,
      });
      const swept = await restarted.approvals.sweep();

      expect(swept.executed).toBeGreaterThanOrEqual(1);
      expect(await loadAction(h.eventStore, tenantId, action?.actionId ?? "")).toMatchObject({ status: "executed" });
      expect(h.executor.executed.filter((command) => command.actionId === action?.actionId)).toHaveLength(1);
    });
  });
}
