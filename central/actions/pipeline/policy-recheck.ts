import { randomUUID } from "node:crypto";
import type { NewEvent } from "../../../shared/event-envelope.js";
import type { ActionDeniedData } from "../../../shared/events/action-events.js";
import {
  noActivePolicyDecision,
  type ActionProposal,
  type PolicyDecision,
} from "../../../shared/policy/action-proposal.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { Clock } from "../../event-store/event-store.js";
import { actionRef, type ActionState } from "../lifecycle/action-state.js";
import { chainMetadata } from "./action-event-builders.js";
import { appendToAction, loadAction, tellCustomer, type ActionRuntimeDeps } from "./action-runtime.js";
import type { ActivePolicySource, DecisionContext, EvaluatePolicy } from "./pipeline-ports.js";

/** Rule id recorded when an approval is withdrawn because the policy, evaluated again, denies the action. */
export const POLICY_NOW_DENIES = "policy_now_denies";

/** What evaluating an action again needs. */
export interface PolicyRecheckDeps extends ActionRuntimeDeps {
  policies: ActivePolicySource;
  evaluate: EvaluatePolicy;
  contextFor: DecisionContext;
  clock: Clock;
}

/** The policy's decision on a recorded action now: the active policy, the clock's time and current usage. */
export async function recheckAction(
  deps: PolicyRecheckDeps,
  state: ActionState,
): Promise<{ decision: PolicyDecision; policyVersion: number | null }> {
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
): Promise<{ decision: PolicyDecision; policyVersion: number | null }> {
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
): Promise<{ decision: PolicyDecision; policyVersion: number | null }> {
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
    { tenantId: state.tenantId, customerId: state.customerId },
    proposal,
    now,
    beforePosition,
  );
  return { decision: deps.evaluate(policy, proposal, context), policyVersion: policy.version };
}

/**
 * Records `action.denied` (rule {@link POLICY_NOW_DENIES} and the policy's rules) for an action the policy denies on a
 * second look, and tells the customer when humans had approved it. False when the stream moved meanwhile.
 */
export async function recordPolicyDenial(
  deps: ActionRuntimeDeps,
  state: ActionState,
  input: { note: string; decision: PolicyDecision; policyVersion: number | null; tell: boolean },
): Promise<boolean> {
  const data: ActionDeniedData = {
    ...actionRef(state),
    deniedBy: "system",
    note: input.note,
    policyVersion: input.policyVersion,
    ruleIds: [POLICY_NOW_DENIES, ...input.decision.ruleIds],
    reasons: ["the active policy, evaluated again, denies the action", ...input.decision.reasons],
  };
  const event: NewEvent = {
    eventId: randomUUID(),
    type: "action.denied",
    data,
    metadata: chainMetadata(state, { kind: "system", id: "policy-engine" }),
  };
  if ((await appendToAction(deps.eventStore, state, [event])) === null) return false;
  if (input.tell)
    await tellCustomer(deps.eventStore, await loadAction(deps.eventStore, state.tenantId, state.actionId), "rejected");
  return true;
}

/**
 * Confirms an approval just recorded, in the log's order: evaluated again counting only approvals that precede it in
 * the global log, so two central instances that approved at the same time against the same limit agree on who was
 * first — the later one is withdrawn here, before anything is executed. `automatic` approvals must still be approved;
 * human ones must not be denied. Reproducible: it evaluates the recorded policy version at the approval's recorded
 * time,
 * so the sweep confirming it later (or again) agrees with the confirmation that ran, or should have run, after it.
 * Returns the action's state afterwards (denied when withdrawn).
 */
export async function confirmInLogOrder(
  deps: PolicyRecheckDeps,
  tenantId: string,
  actionId: string,
  approvedBy: "policy" | "humans",
): Promise<ActionState> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await loadAction(deps.eventStore, tenantId, actionId);
    if (state.status !== "approved" || state.approvedPosition === null) return state;
    const { decision, policyVersion } = await recheckAsApproved(deps, state, state.approvedPosition);
    const holds = approvedBy === "policy" ? decision.verdict === "approve" : decision.verdict !== "deny";
    if (holds) return state;
    const note =
      approvedBy === "policy"
        ? "approved automatically, but earlier approvals in the log reached a limit first"
        : "approved by humans, but earlier approvals in the log reached a limit first";
    if (await recordPolicyDenial(deps, state, { note, decision, policyVersion, tell: approvedBy === "humans" }))
      return loadAction(deps.eventStore, tenantId, actionId);
  }
  throw new Error(`action ${actionId}: the stream kept changing while confirming its approval`);
}
