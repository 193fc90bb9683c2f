import { err, ok, type Result } from "../../../shared/result.js";
import type { ActionCommand, ActionExecutor, ExecutionFailure, ExecutionReceipt } from "./action-executor.js";

/**
 * A FAKE execution layer (no integration is called): records every call and performs each operation id at most
 * once, like a real idempotent integration would. Until the real execution layer exists, central runs with this.
 */
export interface FakeActionExecutor extends ActionExecutor {
  /** Every call received, repeats included, oldest first. */
  readonly calls: readonly ActionCommand[];
  /** The operations performed (first call per operation id), oldest first. */
  readonly executed: readonly ActionCommand[];
  /** Makes the next `count` calls fail with `failure` (transient by default) without performing anything. */
  failNext(count: number, failure?: Partial<ExecutionFailure>): void;
}

/** Creates the fake executor (`name: "fake-executor"`); references are `fake-<type>-<n>`. */
export function createFakeActionExecutor(): FakeActionExecutor {
  const calls: ActionCommand[] = [];
  const executed: ActionCommand[] = [];
  const receipts = new Map<string, ExecutionReceipt>();
  let failures: { remaining: number; failure: ExecutionFailure } = { remaining: 0, failure: transientFailure() };

  return {
    name: "fake-executor",
    calls,
    executed,
    failNext(count, failure = {}) {
      failures = { remaining: count, failure: { ...transientFailure(), ...failure } };
    },
    async execute(command): Promise<Result<ExecutionReceipt, ExecutionFailure>> {
      calls.push(structuredClone(command));
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        return err(failures.failure);
      }
      const done = receipts.get(command.operationId);
      if (done) return ok({ ...done, alreadyExecuted: true });
      executed.push(structuredClone(command));
      const receipt = {
        operationId: command.operationId,
        reference: `fake-${command.type}-${executed.length}`,
        alreadyExecuted: false,
      };
      receipts.set(command.operationId, receipt);
      return ok(receipt);
    },
  };
}

function transientFailure(): ExecutionFailure {
  return { code: "execution_failed", message: "the fake executor was told to fail", kind: "transient" };
}
