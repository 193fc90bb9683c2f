import type { ActionProposal, PolicyDecision } from "../../../shared/policy/action-proposal.js";
import { noActivePolicyDecision } from "../../../shared/policy/action-proposal.js";
import type { Clock } from "../../clock.js";
import { handleCommand } from "../../event-store/handle-command.js";
import { conversationStreamName } from "../../event-store/stream-name.js";
import type { LlmMessage } from "../../llm/llm-provider.js";
import type { ActionLedger } from "../ledger/action-ledger.js";
import { ACTION_COMMAND_RETRIES, proposalDecider } from "../lifecycle/action-deciders.js";
import { actionStreamName } from "../lifecycle/action-state.js";
import type { ActionProposer } from "../proposals/action-proposer.js";
import { proposalActionId, proposalRejectedEvent, type ProposalTurn, type Proposer } from "./action-event-builders.js";
import { executeApproved, loadAction, tellCustomer, type ActionRuntimeDeps } from "./action-runtime.js";
import { createDecisionContext } from "./decision-context.js";
import { confirmInLogOrder } from "./policy-recheck.js";
import type {
  ActivePolicySource,
  CustomerSummaryReader,
  DecisionContext,
  EvaluatePolicy,
  OrderLookup,
} from "./pipeline-ports.js";
import { createKeyedLock, type KeyedLock } from "../../concurrency/keyed-lock.js";

/** The pipeline's ports, also named here for the modules that wire it (their home is `pipeline-ports.ts`). */
export type { ActivePolicySource, CustomerSummaryReader, EvaluatePolicy, OrderLookup } from "./pipeline-ports.js";

/** How long humans have to decide an approval, by default. */
export const DEFAULT_APPROVAL_TTL_MS = 72 * 3_600_000;

/** What the proposal pipeline needs. */
export interface ProposalPipelineDeps extends ActionRuntimeDeps {
  proposer: ActionProposer;
  policies: ActivePolicySource;
  evaluate: EvaluatePolicy;
  ledger: ActionLedger;
  summaries: CustomerSummaryReader;
  orders: OrderLookup;
  clock: Clock;
  approvalTtlMs?: number;
  /** The per-tenant lock decisions are made under (shared with the approval queue); default: a new one. */
  tenantLock?: KeyedLock;
  /** The decision context builder (shared with the approval queue); default: one over ledger, summaries and orders. */
  contextFor?: DecisionContext;
}

/** What one run produced: the actions and their decisions (also in the log), or the rejected output. */
export interface ProposalRun {
  actions: {
    actionId: string;
    type: string;
    verdict: PolicyDecision["verdict"] | "already_recorded";
    executed: boolean;
  }[];
  rejected: { code: "invalid_output" | "model_failed" } | null;
}

/**
 * Runs after a model reply: asks for proposals, records them and the policy's decisions, executes the approved ones.
 */
export interface ProposalPipeline {
  afterReply(turn: ProposalTurn, messages: LlmMessage[], signal?: AbortSignal): Promise<ProposalRun>;
}

/**
 * Creates the pipeline. Each proposal is decided under a per-tenant lock after the ledger caught up with the log, so
 * two
 * turns of one process cannot both spend the same budget, and an automatic approval is confirmed in the log's order
 * (two instances); ids derive from the reply, so running again after a retry or a crash records nothing twice and
 * executes nothing twice.
 */
export function createProposalPipeline(deps: ProposalPipelineDeps): ProposalPipeline {
  const tenantLock = deps.tenantLock ?? createKeyedLock();
  const ttl = deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS;
  const contextFor = deps.contextFor ?? createDecisionContext(deps);

  async function decideOne(turn: ProposalTurn, proposer: Proposer, proposal: ActionProposal, index: number) {
    const actionId = proposalActionId(turn.replyEventId, index);
    return tenantLock.run(turn.tenantId, async () => {
      const existing = await deps.eventStore.streamVersion(actionStreamName(turn.tenantId, actionId));
      if (existing > 0) return { actionId, verdict: "already_recorded" as const };
      const now = deps.clock();
      const policy = await deps.policies.activePolicy(turn.tenantId);
      const context = await contextFor(policy, turn, proposal, now.toISOString());
      const decision = policy ? deps.evaluate(policy, proposal, context) : noActivePolicyDecision();
      const expiresAt = new Date(now.getTime() + ttl).toISOString();
      const command = {
        turn,
        actionId,
        proposal,
        context,
        proposer,
        decision,
        policyVersion: policy?.version ?? null,
        expiresAt,
      };
      const recorded = await handleCommand(
        deps.eventStore,
        actionStreamName(turn.tenantId, actionId),
        proposalDecider(turn.tenantId, actionId),
        command,
        { retries: ACTION_COMMAND_RETRIES },
      );
      // Recorded now, or by a concurrent run of the same reply (its stream exists, or the same ids were recorded).
      if (!recorded.ok || recorded.value.appended?.duplicate) return { actionId, verdict: "already_recorded" as const };
      // Another instance may have approved against the same limit at the same time: the log's order decides.
      if (
        decision.verdict === "approve" &&
        (await confirmInLogOrder({ ...deps, contextFor }, turn.tenantId, actionId, "policy")).status === "denied"
      ) {
        return { actionId, verdict: "deny" as const };
      }
      return { actionId, verdict: decision.verdict };
    });
  }

  return {
    async afterReply(turn, messages, signal) {
      const proposed = await deps.proposer.propose(messages, signal);
      if (!proposed.ok) {
        const { code, kind, problems, provider, model } = proposed.error;
        const event = proposalRejectedEvent(turn, { failure: code, kind, problems, provider, model });
        const result = await deps.eventStore.append(
          conversationStreamName(turn.tenantId, turn.conversationId),
          [event],
          { expectedVersion: "any" },
        );
        if (!result.ok) throw new Error(`recording rejected proposals refused: ${result.error.code}`);
        return { actions: [], rejected: { code } };
      }
      const proposer = { provider: proposed.value.provider, model: proposed.value.model };
      const actions: ProposalRun["actions"] = [];
      for (const [index, proposal] of proposed.value.proposals.entries()) {
        const { actionId, verdict } = await decideOne(turn, proposer, proposal, index);
        // Whatever was recorded (now or before a crash) is carried on: approved → executed, pending → customer told.
        const state = await loadAction(deps.eventStore, turn.tenantId, actionId);
        let executed = state.status === "executed";
        if (state.status === "approved")
          executed = (await executeApproved(deps, turn.tenantId, actionId)).kind === "executed";
        if (state.status === "pending_approval") await tellCustomer(deps.eventStore, state, "pending");
        actions.push({ actionId, type: state.type || proposal.type, verdict, executed });
      }
      return { actions, rejected: null };
    },
  };
}
