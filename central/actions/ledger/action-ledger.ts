import type { EventStore } from "../../event-store/event-store.js";
import type { ActionState } from "../lifecycle/action-state.js";
import { approvedNotExecuted, emptyLedger, expiredApprovals, foldLedger, pendingApprovals, priorRefundsOf, usageOf } from "./action-ledger-fold.js";
import type { PolicyUsage } from "../../../shared/policy/policy-context.js";

/** How many events one catch-up read asks for. */
const PAGE = 1000;

/**
 * The action read model in memory, fed from the global log: every query first catches up to the log's head, so what
 * one instance appended is always seen by its next query. Rebuilt from position 0 when a process starts.
 */
export interface ActionLedger {
  /** Reads the log up to its current head. */
  catchUp(): Promise<void>;
  usage(input: { tenantId: string; customerId: string; type: string; now: string; windowDays: number }): Promise<PolicyUsage>;
  priorRefunds(tenantId: string, customerId: string): Promise<number>;
  pending(tenantId: string, now: string): Promise<ActionState[]>;
  approvedNotExecuted(): Promise<ActionState[]>;
  expired(now: string): Promise<ActionState[]>;
}

/** Creates the ledger over the global log (personal fields are not needed: an undecorated store will do). */
export function createActionLedger(eventStore: Pick<EventStore, "readAll">): ActionLedger {
  const ledger = emptyLedger();
  let running: Promise<void> | null = null;

  async function readToHead(): Promise<void> {
    for (;;) {
      const page = await eventStore.readAll({ after: ledger.position, limit: PAGE });
      foldLedger(ledger, page);
      if (page.length < PAGE) return;
    }
  }

  /** One catch-up at a time; a caller arriving mid-way waits for it and then reads once more for its own appends. */
  async function catchUp(): Promise<void> {
    while (running) await running.catch(() => {});
    running = readToHead();
    try {
      await running;
    } finally {
      running = null;
    }
  }

  return {
    catchUp,
    async usage(input) {
      await catchUp();
      return usageOf(ledger, input);
    },
    async priorRefunds(tenantId, customerId) {
      await catchUp();
      return priorRefundsOf(ledger, tenantId, customerId);
    },
    async pending(tenantId, now) {
      await catchUp();
      return pendingApprovals(ledger, tenantId, now);
    },
    async approvedNotExecuted() {
      await catchUp();
      return approvedNotExecuted(ledger);
    },
    async expired(now) {
      await catchUp();
      return expiredApprovals(ledger, now);
    },
  };
}
