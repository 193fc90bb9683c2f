import { ok } from "../../../shared/result.js";
import type { EventStore } from "../../event-store/event-store.js";
import { aggregateStream, handleCommand } from "../../event-store/handle-command.js";
import { conversationStreamName } from "../../event-store/stream-name.js";
import type { ActionCommand, ActionExecutor, ExecutionReceipt } from "../executor/action-executor.js";
import { ACTION_COMMAND_RETRIES, executionDecider } from "../lifecycle/action-deciders.js";
import { actionEvolution, actionStreamName, operationIdOf, type ActionState } from "../lifecycle/action-state.js";
import { customerNoticeEvent, type NoticeOutcome } from "./customer-notice.js";

/** What running actions needs: the log and the execution layer. */
export interface ActionRuntimeDeps {
  eventStore: EventStore;
  executor: ActionExecutor;
}

/** An action's current state, read from its stream. */
export async function loadAction(
  eventStore: Pick<EventStore, "readStream">,
  tenantId: string,
  actionId: string,
): Promise<ActionState> {
  return (await aggregateStream(eventStore, actionStreamName(tenantId, actionId), actionEvolution(tenantId, actionId)))
    .state;
}

/**
 * Records a customer notice in the action's conversation (idempotent: the notice id derives from action and outcome).
 */
export async function tellCustomer(eventStore: EventStore, state: ActionState, outcome: NoticeOutcome): Promise<void> {
  const notice = customerNoticeEvent(state, outcome);
  if (!notice || state.conversationId === null) return;
  const result = await eventStore.append(conversationStreamName(state.tenantId, state.conversationId), [notice], {
    expectedVersion: "any",
  });
  if (!result.ok) throw new Error(`notice for action ${state.actionId} refused: ${result.error.code}`);
}

/** What executing an approved action came to. */
export type ExecutionResult =
  | { kind: "executed"; state: ActionState }
  | { kind: "failed"; state: ActionState }
  | { kind: "not_approved"; state: ActionState };

/**
 * Executes an approved action exactly once: the executor gets the action's deterministic operation id (its idempotency
 * key) and `action.executed` has a deterministic event id, so a retry, a replay or two processes racing perform and
 * record it once. The executor is asked only about an action the stream says is approved — on every attempt, since a
 * conflict means the stream moved (another process may have executed it); the outcome is then recorded as command data.
 * An operation performed while the approval was being withdrawn is recorded all the same. On success the customer is
 * told.
 */
export async function executeApproved(
  deps: ActionRuntimeDeps,
  tenantId: string,
  actionId: string,
): Promise<ExecutionResult> {
  // What the executor performed on an earlier attempt: recorded even when the approval was withdrawn meanwhile.
  let performed: ExecutionReceipt | null = null;
  const handled = await handleCommand(
    deps.eventStore,
    actionStreamName(tenantId, actionId),
    executionDecider(tenantId, actionId),
    async (state) => {
      if (state.status !== "approved") return { executor: deps.executor.name, result: performed && ok(performed) };
      const result = await deps.executor.execute(executionCommand(state));
      if (result.ok) performed = result.value;
      return { executor: deps.executor.name, result };
    },
    { retries: ACTION_COMMAND_RETRIES },
  );
  if (!handled.ok) throw new Error(`action ${actionId}: the stream kept changing while executing it`);
  const { outcome, state } = handled.value;
  if (outcome === "not_approved") return { kind: "not_approved", state };
  const after = await loadAction(deps.eventStore, tenantId, actionId);
  if (outcome === "failed") return { kind: "failed", state: after };
  await tellCustomer(deps.eventStore, after, "executed");
  return { kind: "executed", state: after };
}

/** What the execution layer is handed for an approved action. */
function executionCommand(state: ActionState): ActionCommand {
  return {
    operationId: operationIdOf(state),
    tenantId: state.tenantId,
    actionId: state.actionId,
    type: state.type,
    customerId: state.customerId,
    conversationId: state.conversationId,
    orderId: state.orderId,
    amountMinor: state.amountMinor,
    currency: state.currency,
  };
}
