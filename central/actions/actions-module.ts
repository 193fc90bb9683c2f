import { evaluatePolicy } from "../policy/engine/evaluate-policy.js";
import type { EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import type { LlmProvider } from "../llm/llm-provider.js";
import type { AfterReplyTurn } from "../turns/turn-service.js";
import type { LlmMessage } from "../llm/llm-provider.js";
import { createInMemoryOrderLookup } from "./context/in-memory-order-lookup.js";
import type { ActionExecutor } from "./executor/action-executor.js";
import { createActionLedger, type ActionLedger } from "./ledger/action-ledger.js";
import { createApprovalService, type ApprovalService } from "./pipeline/approval-service.js";
import {
  createProposalPipeline,
  type ActivePolicySource,
  type CustomerSummaryReader,
  type EvaluatePolicy,
  type OrderLookup,
  type ProposalPipeline,
} from "./pipeline/proposal-pipeline.js";
import { createLlmActionProposer } from "./proposals/action-proposer.js";
import { createDecisionContext } from "./pipeline/decision-context.js";
import { createKeyedLock } from "../concurrency/keyed-lock.js";

/** What the actions module is built from (central's composition root passes the real ones). */
export interface ActionsModuleDeps {
  eventStore: EventStore;
  /** The provider asked for structured proposals (Gemini, or the offline provider's offline proposer). */
  llm: LlmProvider;
  executor: ActionExecutor;
  policies: ActivePolicySource;
  summaries: CustomerSummaryReader;
  /** Default: an in-memory lookup that knows no orders (an action that needs an order is then denied). */
  orders?: OrderLookup;
  clock: Clock;
  /** Default: central/policy/engine evaluatePolicy. */
  evaluate?: EvaluatePolicy;
  approvalTtlMs?: number;
  /**
   * Where the ledger reads the global log (default `eventStore`). Central passes the undecorated store: the ledger
   * needs no personal fields, so it skips decrypting every message; approvers read actions through `eventStore`.
   */
  logReader?: Pick<EventStore, "readAll">;
}

/** The proposal pipeline, the approval queue and the ledger they share. */
export interface ActionsModule {
  pipeline: ProposalPipeline;
  approvals: ApprovalService;
  ledger: ActionLedger;
  /** The turn service's `afterReply` hook: runs the pipeline, reporting (never throwing) its failures to `onError`. */
  afterReply(
    onError: (error: unknown) => void,
  ): (turn: AfterReplyTurn, messages: LlmMessage[], signal?: AbortSignal) => Promise<void>;
}

/** Wires the actions module. */
export function createActionsModule(deps: ActionsModuleDeps): ActionsModule {
  const ledger = createActionLedger(deps.logReader ?? deps.eventStore);
  const runtime = { eventStore: deps.eventStore, executor: deps.executor };
  const orders = deps.orders ?? createInMemoryOrderLookup();
  const evaluate = deps.evaluate ?? evaluatePolicy;
  // One lock per tenant for automatic decisions and human approvals alike: usage is read and spent one at a time.
  const tenantLock = createKeyedLock();
  const contextFor = createDecisionContext({ ledger, summaries: deps.summaries, orders });
  const pipeline = createProposalPipeline({
    ...runtime,
    proposer: createLlmActionProposer(deps.llm),
    policies: deps.policies,
    evaluate,
    ledger,
    summaries: deps.summaries,
    orders,
    clock: deps.clock,
    tenantLock,
    contextFor,
    ...(deps.approvalTtlMs === undefined ? {} : { approvalTtlMs: deps.approvalTtlMs }),
  });
  const approvals = createApprovalService({
    ...runtime,
    ledger,
    clock: deps.clock,
    policies: deps.policies,
    evaluate,
    contextFor,
    tenantLock,
  });
  return {
    pipeline,
    approvals,
    ledger,
    afterReply: (onError) => async (turn, messages, signal) => {
      try {
        await pipeline.afterReply(turn, messages, signal);
      } catch (error) {
        onError(error);
      }
    },
  };
}
