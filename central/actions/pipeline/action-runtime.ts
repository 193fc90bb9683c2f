import type { NewEvent } from "../../../shared/event-envelope.js";
import type { AppendSuccess, EventStore } from "../../event-store/event-store.js";
import { readStreamOrEmpty } from "../../event-store/read-stream-events.js";
import { conversationStreamName } from "../../event-store/stream-name.js";
import type { ActionExecutor } from "../executor/action-executor.js";
import {
  actionStreamName,
  evolveActionState,
  initialActionState,
  operationIdOf,
  type ActionState,
} from "../lifecycle/action-state.js";
import { executedEvent, executionFailedEvent } from "./action-event-builders.js";
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
  const events = await readStreamOrEmpty(eventStore, actionStreamName(tenantId, actionId));
  return evolveActionState(initialActionState(tenantId, actionId), events);
}

/** Appends to an action's stream at the version its state was read at; null on a conflict (someone else moved it). */
export async function appendToAction(
  eventStore: EventStore,
  state: ActionState,
  events: NewEvent[],
): Promise<AppendSuccess | null> {
  const result = await eventStore.append(actionStreamName(state.tenantId, state.actionId), events, {
    expectedVersion: state.version,
  });
  if (result.ok) return result.value;
  if (result.error.code === "stream_conflict") return null;
  throw new Error(`append to action ${state.actionId} refused: ${result.error.code}: ${JSON.stringify(result.error)}`);
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
 * record it once. Re-reads the stream first: an action already executed is not executed again. On success the
 * customer is told.
 */
export async function executeApproved(
  deps: ActionRuntimeDeps,
  tenantId: string,
  actionId: string,
): Promise<ExecutionResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await loadAction(deps.eventStore, tenantId, actionId);
    if (state.status !== "approved") return { kind: "not_approved", state };
    const operationId = operationIdOf(state);
    const result = await deps.executor.execute({
      operationId,
      tenantId,
      actionId,
      type: state.type,
      customerId: state.customerId,
      conversationId: state.conversationId,
      orderId: state.orderId,
      amountMinor: state.amountMinor,
      currency: state.currency,
    });
    const event = result.ok
      ? executedEvent(state, { operationId, executor: deps.executor.name, reference: result.value.reference })
      : executionFailedEvent(state, { operationId, ...result.error }, deps.executor.name);
    const appended = await appendToAction(deps.eventStore, state, [event]);
    if (appended === null) continue; // moved concurrently (another process executed or failed): look again
    const after = await loadAction(deps.eventStore, tenantId, actionId);
    if (!result.ok) return { kind: "failed", state: after };
    await tellCustomer(deps.eventStore, after, "executed");
    return { kind: "executed", state: after };
  }
  throw new Error(`action ${actionId}: the stream kept changing while executing it`);
}
