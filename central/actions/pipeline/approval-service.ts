import type { NewEvent } from "../../../shared/event-envelope.js";
import { err, ok, type Result } from "../../../shared/result.js";
import type { Clock } from "../../event-store/event-store.js";
import { readConversationTail } from "../../turns/conversation-history.js";
import { conversationMessages } from "../../turns/model-request.js";
import { conversationStreamName } from "../../event-store/stream-name.js";
import type { ActionLedger } from "../ledger/action-ledger.js";
import type { ActionState } from "../lifecycle/action-state.js";
import { approvalExpired, decideApproval, expiryDenial, type ApprovalRefusal } from "../lifecycle/decide-approval.js";
import { chainMetadata } from "./action-event-builders.js";
import { confirmInLogOrder, recheckAction, recordPolicyDenial } from "./policy-recheck.js";
import type { KeyedLock } from "../../concurrency/keyed-lock.js";
import type { ActivePolicySource, DecisionContext, EvaluatePolicy } from "./pipeline-ports.js";
import { appendToAction, executeApproved, loadAction, tellCustomer, type ActionRuntimeDeps } from "./action-runtime.js";
import { randomUUID } from "node:crypto";

/** How many messages of the conversation a pending approval shows. */
export const APPROVAL_CONVERSATION_MESSAGES = 10;

/** A pending approval as approvers see it: the action, what the policy said, who approved so far, the conversation. */
export interface PendingApproval {
  action: ActionState;
  approvalsNeeded: number;
  conversation: { role: "customer" | "assistant"; text: string }[];
}

/** The result of a human decision. */
export interface DecisionResult {
  action: ActionState;
  outcome: "approval_recorded" | "approved" | "rejected";
  executed: boolean;
}

/** The human approval queue. */
export interface ApprovalService {
  pending(tenantId: string): Promise<PendingApproval[]>;
  decide(input: {
    tenantId: string;
    actionId: string;
    decision: "approve" | "reject";
    by: string;
    reason: string;
    requestId: string;
  }): Promise<Result<DecisionResult, ApprovalRefusal>>;
  /** Records expiries and executes approved-but-unexecuted actions (after a crash or a failed execution). */
  sweep(): Promise<{ expired: number; executed: number }>;
}

/** What the approval queue needs. */
export interface ApprovalServiceDeps extends ActionRuntimeDeps {
  ledger: ActionLedger;
  clock: Clock;
  /**
   * For the re-checks: the active policy (when a human approval takes effect), recorded versions (confirming), the
   * evaluator and the context.
   */
  policies: ActivePolicySource;
  evaluate: EvaluatePolicy;
  contextFor: DecisionContext;
  /** The per-tenant lock the pipeline decides under (so an approval and an automatic decision never interleave). */
  tenantLock: KeyedLock;
}

const KIND_OF = {
  approval_recorded: "action.approval_recorded",
  approved: "action.approved",
  rejected: "action.denied",
} as const;

/** Creates the approval queue over the action streams (decisions) and the ledger (listing). */
export function createApprovalService(deps: ApprovalServiceDeps): ApprovalService {
  async function conversationOf(state: ActionState): Promise<PendingApproval["conversation"]> {
    if (state.conversationId === null) return [];
    const stream = conversationStreamName(state.tenantId, state.conversationId);
    const version = await deps.eventStore.streamVersion(stream);
    if (version === 0) return [];
    const tail = await readConversationTail(deps.eventStore, stream, version, APPROVAL_CONVERSATION_MESSAGES);
    return conversationMessages(tail)
      .slice(-APPROVAL_CONVERSATION_MESSAGES)
      .map((message) => ({ role: message.role === "user" ? "customer" : "assistant", text: message.text }));
  }

  async function recordExpiry(state: ActionState): Promise<boolean> {
    const event: NewEvent = {
      eventId: randomUUID(),
      type: "action.denied",
      data: expiryDenial(state),
      metadata: chainMetadata(state, { kind: "system", id: "approval-expiry" }),
    };
    const appended = await appendToAction(deps.eventStore, state, [event]);
    if (appended === null) return false;
    await tellCustomer(deps.eventStore, await loadAction(deps.eventStore, state.tenantId, state.actionId), "expired");
    return true;
  }

  async function decideOnce(
    input: Parameters<ApprovalService["decide"]>[0],
  ): Promise<Result<DecisionResult, ApprovalRefusal> | "retry"> {
    const state = await loadAction(deps.eventStore, input.tenantId, input.actionId);
    const decided = decideApproval(state, {
      decision: input.decision,
      by: input.by,
      reason: input.reason,
      now: deps.clock().toISOString(),
    });
    if (!decided.ok) {
      // The first decision after the deadline records the expiry (and tells the customer); later ones just see it.
      if (decided.error.code === "approval_expired" && decided.error.expiry !== null && !(await recordExpiry(state)))
        return "retry";
      return decided;
    }
    const outcome = decided.value;
    if (outcome.kind === "approved") {
      // Limits are checked again when the approval takes effect: the customer or tenant may have reached one since.
      const now = await recheckAction(deps, state);
      if (now.decision.verdict === "deny") {
        const denial = {
          note: `approved by ${input.by}, but the policy now denies it`,
          decision: now.decision,
          policyVersion: now.policyVersion,
          tell: true,
        };
        if (!(await recordPolicyDenial(deps, state, denial))) return "retry";
        return err({
          code: "policy_now_denies",
          message: `the active policy now denies action ${state.actionId} (${now.decision.ruleIds.join(", ")})`,
          ruleIds: now.decision.ruleIds,
        });
      }
    }
    const sources = [{ kind: "admin-request", ref: input.requestId }];
    const event: NewEvent = {
      eventId: randomUUID(),
      type: KIND_OF[outcome.kind],
      data: outcome.data,
      metadata: chainMetadata(state, { kind: "admin", id: input.by }, sources),
    };
    // A concurrent decision moved the stream: decide again on what it recorded (it may now be decided → 409).
    if ((await appendToAction(deps.eventStore, state, [event])) === null) return "retry";
    // Another instance may have approved against the same limit at the same time: the log's order decides.
    const after =
      outcome.kind === "approved"
        ? await confirmInLogOrder(deps, input.tenantId, input.actionId, "humans")
        : await loadAction(deps.eventStore, input.tenantId, input.actionId);
    if (outcome.kind === "approved" && after.status === "denied") {
      return err({
        code: "policy_now_denies",
        message: `approvals recorded before this one reached a limit for action ${state.actionId}`,
        ruleIds: after.ruleIds,
      });
    }
    return ok({ action: after, outcome: outcome.kind, executed: false });
  }

  return {
    async pending(tenantId) {
      const now = deps.clock().toISOString();
      const listed = await deps.ledger.pending(tenantId, now);
      // Each action as its stream says now, read through the decrypting store (the model's reason in clear).
      const actions = (
        await Promise.all(listed.map((action) => loadAction(deps.eventStore, tenantId, action.actionId)))
      ).filter((action) => action.status === "pending_approval" && !approvalExpired(action, now));
      return Promise.all(
        actions.map(async (action) => ({
          action,
          approvalsNeeded: (action.approval === "two_humans" ? 2 : 1) - action.approvers.length,
          conversation: await conversationOf(action),
        })),
      );
    },

    async decide(input) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const result = await deps.tenantLock.run(input.tenantId, () => decideOnce(input));
        if (result === "retry") continue;
        if (!result.ok) return result;
        const { action, outcome } = result.value;
        if (outcome === "approved") {
          const run = await executeApproved(deps, input.tenantId, input.actionId);
          return ok({ action: run.state, outcome, executed: run.kind === "executed" });
        }
        if (outcome === "rejected") await tellCustomer(deps.eventStore, action, "rejected");
        return result;
      }
      return err({
        code: "approval_not_pending",
        message: `action ${input.actionId} kept changing; try again`,
        status: "pending_approval",
      });
    },

    async sweep() {
      let expired = 0;
      let executed = 0;
      const now = deps.clock().toISOString();
      for (const action of await deps.ledger.expired(now)) {
        const state = await loadAction(deps.eventStore, action.tenantId, action.actionId);
        if (state.status === "pending_approval" && approvalExpired(state, now) && (await recordExpiry(state)))
          expired += 1;
      }
      for (const action of await deps.ledger.approvedNotExecuted()) {
        // Confirmed in the log's order first (reproducibly: the recorded policy version at the approval's time): the
        // process that recorded the approval may have stopped, or not yet got, to confirming it.
        const approvedBy = action.decidedBy === "policy" ? "policy" : "humans";
        const confirmed = await deps.tenantLock.run(action.tenantId, () =>
          confirmInLogOrder(deps, action.tenantId, action.actionId, approvedBy),
        );
        if (confirmed.status !== "approved") continue;
        if ((await executeApproved(deps, action.tenantId, action.actionId)).kind === "executed") executed += 1;
      }
      return { expired, executed };
    },
  };
}
