import { ACTION_TYPES } from "../../../shared/policy/action-types.js";
import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import type { PolicyContext } from "../../../shared/policy/policy-context.js";

/** One decision to make: a proposal and its context. */
export interface PolicyCase {
  proposal: ActionProposal;
  context: PolicyContext;
}

/** A small deterministic PRNG (mulberry32), so every run decides the same cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NOW = Date.parse("2026-11-20T12:00:00.000Z");
const TIERS = [null, "bronze", "silver", "silver", "gold", "gold", "platinum"];
const FLAGS = [[], [], [], [], [], [], ["open_escalation"], ["chargeback"], ["fraud_suspected", "open_escalation"]];

/**
 * `count` varied cases for tenant demo: every action type plus unknown ones, amounts from 0 to 800.00, orders from
 * 0 to 60 days old (some unknown or another order), every tier, risk flags and usage near and over the limits.
 */
export function policyWorkload(count: number, seed = 42): PolicyCase[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const types = [...ACTION_TYPES, "refund", "refund", "discount", "wire_transfer"];
  return Array.from({ length: count }, (_, index) => {
    const type = pick(types);
    // mostly small amounts, a tail up to 800.00
    const amountMinor = next() < 0.03 ? null : Math.floor(next() ** 3 * 80_000);
    const proposal: ActionProposal = {
      type,
      amountMinor,
      currency: next() < 0.03 ? "USD" : "EUR",
      orderId: next() < 0.05 ? null : next() < 0.05 ? "o-other" : `o-${index}`,
      reason: "benchmark case",
    };
    const context: PolicyContext = {
      tenantId: "demo",
      customerId: `c-${index % 97}`,
      now: new Date(NOW).toISOString(),
      customer: { tier: pick(TIERS), priorRefunds: Math.floor(next() * 5), riskFlags: pick(FLAGS) },
      order: {
        orderId: `o-${index}`,
        placedAt: next() < 0.03 ? null : new Date(NOW - next() ** 2 * 60 * 86_400_000).toISOString(),
        totalMinor: 5_000 + Math.floor(next() * 95_000),
      },
      usage: {
        customerPeriodCount: next() < 0.8 ? 0 : Math.floor(next() * 4),
        customerPeriodTotalMinor: Math.floor(next() ** 3 * 60_000),
        tenantDayTotalMinor: Math.floor(next() * 200_000),
      },
    };
    return { proposal, context };
  });
}
