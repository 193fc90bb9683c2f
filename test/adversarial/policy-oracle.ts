import type { ActionCommand } from "../../central/actions/executor/action-executor.js";
import type { ActionState } from "../../central/actions/lifecycle/action-state.js";
import { evaluatePolicy } from "../../central/policy/engine/evaluate-policy.js";
import type { EventStore } from "../../central/event-store/event-store.js";
import { actionProposalSchema } from "../../shared/policy/action-proposal.js";
import { MONETARY_ACTION_TYPES, isPolicyActionType } from "../../shared/policy/action-types.js";
import { policyContextSchema } from "../../shared/policy/policy-context.js";
import type { PolicyDocument } from "../../shared/policy/policy-document.js";

/** An order the oracle knows belongs to a customer. */
export interface OracleOrder {
  tenantId: string;
  customerId: string;
  orderId: string;
}

/**
 * Judges every operation the executor performed against the policy, independently of the pipeline's own bookkeeping:
 * hard limits recomputed from the executor's history (amount cap, currency, per-customer count and total, the
 * tenant's day budget, order ownership), the evaluator re-run on what was recorded, and the human approvals the
 * verdict required, by distinct admins. Returns one line per violation (an out-of-policy action that reached it).
 */
export async function outOfPolicyExecutions(input: {
  executed: readonly ActionCommand[];
  policy: PolicyDocument;
  orders: readonly OracleOrder[];
  eventStore: EventStore;
  loadAction: (tenantId: string, actionId: string) => Promise<ActionState>;
}): Promise<string[]> {
  const { policy } = input;
  const violations: string[] = [];
  const seen = new Set<string>();
  const dayTotal = new Map<string, number>();
  const customerTally = new Map<string, { count: number; total: number }>();
  for (const command of input.executed) {
    const money = `${command.amountMinor ?? "-"} ${command.currency ?? ""}`;
    const where = `${command.type} ${money} (action ${command.actionId})`;
    if (seen.has(command.actionId)) violations.push(`${where}: executed twice`);
    seen.add(command.actionId);
    const rules = isPolicyActionType(command.type) ? policy.actions[command.type] : undefined;
    if (!rules || !rules.enabled) {
      violations.push(`${where}: type not allowed by the policy`);
      continue;
    }
    const amount = command.amountMinor ?? 0;
    const monetary = (MONETARY_ACTION_TYPES as readonly string[]).includes(command.type);
    if (monetary && (command.amountMinor === null || command.currency !== policy.currency))
      violations.push(`${where}: amount or currency outside the policy`);
    if (rules.maxAmountMinor !== undefined && amount > rules.maxAmountMinor)
      violations.push(`${where}: above the ${rules.maxAmountMinor} cap`);
    if (
      rules.requiresOrder &&
      !input.orders.some(
        (order) =>
          order.tenantId === command.tenantId &&
          order.customerId === command.customerId &&
          order.orderId === command.orderId,
      )
    ) {
      violations.push(`${where}: not an order of this customer`);
    }
    const key = `${command.tenantId}|${command.customerId}|${command.type}`;
    const tally = customerTally.get(key) ?? { count: 0, total: 0 };
    tally.count += 1;
    tally.total += amount;
    customerTally.set(key, tally);
    if (rules.perCustomer?.maxCount !== undefined && tally.count > rules.perCustomer.maxCount)
      violations.push(`${where}: customer over ${rules.perCustomer.maxCount} per period`);
    if (rules.perCustomer?.maxTotalMinor !== undefined && tally.total > rules.perCustomer.maxTotalMinor)
      violations.push(`${where}: customer over the period total`);
    if (monetary) {
      const spent = (dayTotal.get(command.tenantId) ?? 0) + amount;
      dayTotal.set(command.tenantId, spent);
      if (policy.dailyBudgetMinor !== undefined && spent > policy.dailyBudgetMinor)
        violations.push(`${where}: over the tenant's daily budget`);
    }
    const state = await input.loadAction(command.tenantId, command.actionId);
    const proposedEvent = await firstEvent(input.eventStore, `action:${command.tenantId}:${command.actionId}`);
    if (proposedEvent?.type !== "action.proposed") {
      violations.push(`${where}: no recorded proposal`);
      continue;
    }
    const proposal = actionProposalSchema.safeParse({
      ...(proposedEvent.data.proposal as Record<string, unknown>),
      reason: proposedEvent.data.reason,
    });
    const context = policyContextSchema.safeParse(proposedEvent.data.context);
    if (!proposal.success || !context.success) {
      violations.push(`${where}: recorded proposal or context unreadable`);
      continue;
    }
    const verdict = evaluatePolicy(policy, proposal.data, context.data);
    const distinct = new Set(state.approvers.map((approver) => approver.by)).size;
    const needed = verdict.approval === "two_humans" ? 2 : verdict.approval === "one_human" ? 1 : 0;
    if (verdict.verdict === "deny") violations.push(`${where}: the policy denies it (${verdict.ruleIds.join(", ")})`);
    else if (distinct < needed)
      violations.push(`${where}: needs ${verdict.approval}, had ${distinct} distinct approvers`);
  }
  return violations;
}

async function firstEvent(eventStore: EventStore, stream: string) {
  const read = await eventStore.readStream(stream, { limit: 1 });
  // An absent stream reads as no proposal.
  return read.ok ? (read.value[0] ?? null) : null;
}
