import type { Result } from "../../../shared/result.js";

/** One approved action handed to the execution layer; `operationId` is its idempotency key. */
export interface ActionCommand {
  /** Deterministic per action: executing the same operation twice must have the effect of executing it once. */
  operationId: string;
  tenantId: string;
  actionId: string;
  type: string;
  customerId: string;
  conversationId: string | null;
  orderId: string | null;
  amountMinor: number | null;
  currency: string | null;
}

/** What the execution layer reports for a performed (or already performed) operation. */
export interface ExecutionReceipt {
  operationId: string;
  /** The integration's reference for the effect (refund id, ticket number, …). */
  reference: string;
  /** True when the operation had already been performed and this call changed nothing. */
  alreadyExecuted: boolean;
}

/** Why an operation was not performed. */
export interface ExecutionFailure {
  code: "execution_failed" | "execution_rejected";
  message: string;
  kind: "transient" | "systemic" | "semantic";
}

/**
 * Port of the execution layer: performs approved actions. Implementations must be idempotent on `operationId` (the
 * pipeline may call again after a crash between executing and recording). Expected failures are values.
 */
export interface ActionExecutor {
  /** Name recorded on `action.executed` events. */
  readonly name: string;
  execute(command: ActionCommand): Promise<Result<ExecutionReceipt, ExecutionFailure>>;
}
