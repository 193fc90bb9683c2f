import { randomUUID } from "node:crypto";
import { err, ok, type Result } from "../../../shared/result.js";
import type { KeyedLock } from "../../concurrency/keyed-lock.js";
import type { Clock } from "../../clock.js";
import { handleCommand } from "../../event-store/handle-command.js";
import { conversationStreamName } from "../../event-store/stream-name.js";
import { readConversationTail } from "../../conversations/read-conversation-tail.js";
import { conversationMessages } from "../../conversations/conversation-messages.js";
import type { ActionLedger } from "../ledger/action-ledger.js";
import {
  ACTION_COMMAND_RETRIES,
  approvalTakesEffect,
  expiryDecider,
  humanDecisionDecider,
} from "../lifecycle/action-deciders.js";
import { actionStreamName, type ActionState } from "../lifecycle/action-state.js";
import { approvalExpired, type ApprovalRefusal } from "../lifecycle/decide-approval.js";
import { executeApproved, loadAction, tellCustomer, type ActionRuntimeDeps } from "./action-runtime.js";
import type { ActivePolicySource, DecisionContext, EvaluatePolicy } from "./pipeline-ports.js";
import { confirmInLogOrder, recheckAction } from "./policy-recheck.js";

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

/** A human's decision on one action, as an admin request brings it. */
export interface DecisionInput {
  tenantId: string;
  actionId: string;
  decision: "approve" | "reject";
  by: string;
  reason: string;
  requestId: string;
}

/** The human approval queue. */
export interface ApprovalService {
  pending(tenantId: string): Promise<PendingApproval[]>;
  decide(input: DecisionInput): Promise<Result<DecisionResult, ApprovalRefusal>>;
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

  /** Records the decision (under the tenant lock); executing an approval and telling of a rejection come after. */
  async function record(input: DecisionInput): Promise<Result<DecisionResult, ApprovalRefusal>> {
    const { tenantId, actionId } = input;
    const handled = await handleCommand(
      deps.eventStore,
      actionStreamName(tenantId, actionId),
      humanDecisionDecider(tenantId, actionId),
      async (state) => {
        const human = { decision: input.decision, by: input.by, reason: input.reason, now: deps.clock().toISOString() };
        // Limits are checked again when the approval takes effect: the customer or tenant may have reached one since.
        const policyNow = approvalTakesEffect(state, human) ? await recheckAction(deps, state) : null;
        return { ...human, requestId: input.requestId, eventId: randomUUID(), policyNow };
      },
      { retries: ACTION_COMMAND_RETRIES },
    );
    if (!handled.ok) {
      const { error } = handled;
      if (error.code !== "stream_conflict") return err(error);
      return err({
        code: "approval_not_pending",
        message: `action ${actionId} kept changing; try again`,
        status: "pending_approval",
      });
    }
    const { outcome } = handled.value;
    switch (outcome.kind) {
      case "expired":
      case "withdrawn": {
        // Refused to the human, but recorded: the customer hears that the request lapsed or could not be approved.
        const after = await loadAction(deps.eventStore, tenantId, actionId);
        await tellCustomer(deps.eventStore, after, outcome.kind === "expired" ? "expired" : "rejected");
        return err(outcome.refusal);
      }
      case "approved": {
        // Another instance may have approved against the same limit at the same time: the log's order decides.
        const after = await confirmInLogOrder(deps, tenantId, actionId, "humans");
        if (after.status !== "denied") return ok({ action: after, outcome: "approved", executed: false });
        return err({
          code: "policy_now_denies",
          message: `approvals recorded before this one reached a limit for action ${actionId}`,
          ruleIds: after.ruleIds,
        });
      }
      default:
        return ok({
          action: await loadAction(deps.eventStore, tenantId, actionId),
          outcome: outcome.kind,
          executed: false,
        });
    }
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
      const recorded = await deps.tenantLock.run(input.tenantId, () => record(input));
      if (!recorded.ok) return recorded;
      const { action, outcome } = recorded.value;
      if (outcome === "approved") {
        const run = await executeApproved(deps, input.tenantId, input.actionId);
        return ok({ action: run.state, outcome, executed: run.kind === "executed" });
      }
      if (outcome === "rejected") await tellCustomer(deps.eventStore, action, "rejected");
      return recorded;
    },

    async sweep() {
      let expired = 0;
      let executed = 0;
      const now = deps.clock().toISOString();
      for (const { tenantId, actionId } of await deps.ledger.expired(now)) {
        const handled = await handleCommand(
          deps.eventStore,
          actionStreamName(tenantId, actionId),
          expiryDecider(tenantId, actionId),
          { now, eventId: randomUUID() },
          { retries: ACTION_COMMAND_RETRIES },
        );
        if (!handled.ok || handled.value.outcome !== "expired") continue;
        await tellCustomer(deps.eventStore, await loadAction(deps.eventStore, tenantId, actionId), "expired");
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
