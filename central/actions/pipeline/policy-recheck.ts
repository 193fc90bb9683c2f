import { randomUUID } from "node:crypto";
import { noActivePolicyDecision, type ActionProposal } from "../../../shared/policy/action-proposal.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { Clock } from "../../clock.js";
import { handleCommand } from "../../event-store/handle-command.js";
import { ACTION_COMMAND_RETRIES, awaitsConfirmation, confirmationDecider } from "../lifecycle/action-deciders.js";
import { actionStreamName, type ActionState } from "../lifecycle/action-state.js";
import type { PolicyVerdict } from "./action-event-builders.js";
import { loadAction, tellCustomer, type ActionRuntimeDeps } from "./action-runtime.js";
import type { ActivePolicySource, DecisionContext, EvaluatePolicy } from "./pipeline-ports.js";

/** What evaluating an action again needs. */
export interface PolicyRecheckDeps extends ActionRuntimeDeps {
  policies: ActivePolicySource;
  evaluate: EvaluatePolicy;
  contextFor: DecisionContext;
  clock: Clock;
}

/** The policy's decision on a recorded action now: the active policy, the clock's time and current usage. */
export async function recheckAction(deps: PolicyRecheckDeps, state: ActionState): Promise<PolicyVerdict> {
  return evaluateAgain(deps, state, await deps.policies.activePolicy(state.tenantId), deps.clock().toISOString());
}

/**
 * The policy's decision on an approved action as it stood when the approval was recorded: the policy version recorded
 * with the action (the active one only when none was recorded), at the approval's time, counting only approvals before
 * it in the log — so a later confirmation (the sweep's, another instance's, one after a crash) gives the same answer.
 */
async function recheckAsApproved(
  deps: PolicyRecheckDeps,
  state: ActionState,
  beforePosition: number,
): Promise<PolicyVerdict> {
  const policy =
    state.policyVersion === null
      ? await deps.policies.activePolicy(state.tenantId)
      : ((await deps.policies.getVersion(state.tenantId, state.policyVersion))?.document ?? null);
  return evaluateAgain(deps, state, policy, state.decidedAt ?? deps.clock().toISOString(), beforePosition);
}

async function evaluateAgain(
  deps: PolicyRecheckDeps,
  state: ActionState,
  policy: PolicyDocument | null,
  now: string,
  beforePosition?: number,
): Promise<PolicyVerdict> {
  if (!policy) return { decision: noActivePolicyDecision(), policyVersion: null };
  const proposal: ActionProposal = {
    type: state.type,
    amountMinor: state.amountMinor,
    currency: state.currency,
    orderId: state.orderId,
    reason: state.reason || "(no reason recorded)",
  };
  const context = await deps.contextFor(
    policy,
    {
      tenantId: state.tenantId,
      customerId: state.customerId,
      // As recorded at proposal time: an unverified visitor's action stays unverified when approved or confirmed.
      ...(state.customerVerified === null ? {} : { customerVerified: state.customerVerified }),
    },
    proposal,
    now,
    beforePosition,
  );
  return { decision: deps.evaluate(policy, proposal, context), policyVersion: policy.version };
}

/**
 * Confirms an approval just recorded, in the log's order: evaluated again counting only approvals that precede it in
 * the global log, so two central instances that approved at the same time against the same limit agree on who was
 * first — the later one is withdrawn here, before anything is executed. `automatic` approvals must still be approved;
 * human ones must not be denied (the customer is told when humans' approval is withdrawn). Reproducible: it evaluates
 * the recorded policy version at the approval's recorded time, so the sweep confirming it later (or again) agrees with
 * the confirmation that ran, or should have run, after it. Returns the action's state afterwards (denied when
 * withdrawn).
 */
export async function confirmInLogOrder(
  deps: PolicyRecheckDeps,
  tenantId: string,
  actionId: string,
  approvedBy: "policy" | "humans",
): Promise<ActionState> {
  const handled = await handleCommand(
    deps.eventStore,
    actionStreamName(tenantId, actionId),
    confirmationDecider(tenantId, actionId),
    async (state) => ({
      approvedBy,
      eventId: randomUUID(),
      policyThen: awaitsConfirmation(state) ? await recheckAsApproved(deps, state, state.approvedPosition) : null,
    }),
    { retries: ACTION_COMMAND_RETRIES },
  );
  if (!handled.ok) throw new Error(`action ${actionId}: the stream kept changing while confirming its approval`);
  if (handled.value.outcome !== "withdrawn") return handled.value.state;
  const after = await loadAction(deps.eventStore, tenantId, actionId);
  if (approvedBy === "humans") await tellCustomer(deps.eventStore, after, "rejected");
  return after;
}
