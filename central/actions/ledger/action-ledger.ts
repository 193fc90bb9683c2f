import type { EventStore } from "../../event-store/event-store.js";
import { createSubscription } from "../../subscriptions/subscription.js";
import type { ActionState } from "../lifecycle/action-state.js";
import {
  approvedNotExecuted,
  emptyLedger,
  expiredApprovals,
  factsOf,
  foldLedger,
  pendingApprovals,
  type LedgerFacts,
  type UsageQuery,
} from "./action-ledger-fold.js";
import type { PolicyUsage } from "../../../shared/policy/policy-context.js";

/** How many events one catch-up read asks for. */
const PAGE = 1000;
/** How long a usage query waits for the log to become readable up to a position it just appended at. */
const CATCH_UP_WAITS = 100;
const CATCH_UP_WAIT_MS = 20;

/**
 * The action read model in memory, fed from the global log: every query first catches up to the log's head, so what
 * one instance appended is always seen by its next query. Rebuilt from position 0 when a process starts.
 */
export interface ActionLedger {
  /** Reads the log up to its current head. */
  catchUp(): Promise<void>;
  /**
   * Usage and prior refunds after one catch-up; with `beforePosition`, after the log is readable up to that position.
   */
  facts(input: UsageQuery): Promise<LedgerFacts>;
  /** The usage part of {@link ActionLedger.facts}. */
  usage(input: UsageQuery): Promise<PolicyUsage>;
  pending(tenantId: string, now: string): Promise<ActionState[]>;
  approvedNotExecuted(): Promise<ActionState[]>;
  expired(now: string): Promise<ActionState[]>;
}

/** Creates the ledger over the global log (personal fields are not needed: an undecorated store will do). */
export function createActionLedger(eventStore: Pick<EventStore, "readAll">): ActionLedger {
  let ledger = emptyLedger();
  // The log's existing subscriber mechanism, never started as a loop: each query catches up in the foreground, one
  // read at a time (a caller arriving mid-way waits for it and then reads once more for its own appends).
  const subscription = createSubscription({
    eventStore,
    batchSize: PAGE,
    pollMs: 0,
    subscriber: {
      name: "action-ledger",
      position: () => Promise.resolve(ledger.position),
      apply(events) {
        ledger = foldLedger(ledger, events);
        return Promise.resolve("applied");
      },
    },
  });
  const catchUp = () => subscription.catchUp();

  async function facts(input: UsageQuery): Promise<LedgerFacts> {
    await catchUp();
    // An append is readable once no older transaction can still commit below it: wait for that, briefly.
    for (let wait = 0; input.beforePosition !== undefined && ledger.position < input.beforePosition; wait++) {
      if (wait >= CATCH_UP_WAITS)
        throw new Error(`the log is not readable up to position ${input.beforePosition} yet (at ${ledger.position})`);
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_WAIT_MS));
      await catchUp();
    }
    return factsOf(ledger, input);
  }

  return {
    catchUp,
    facts,
    usage: async (input) => (await facts(input)).usage,
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
