import { describe, expect, it } from "vitest";
import type { ActionCommand } from "./action-executor.js";
import { createFakeActionExecutor } from "./fake-action-executor.js";

const command: ActionCommand = {
  operationId: "op-1",
  tenantId: "acme",
  actionId: "a-1",
  type: "refund",
  customerId: "cust-1",
  conversationId: "conv-1",
  orderId: "ord-1",
  amountMinor: 1250,
  currency: "USD",
};

describe("fake action executor", () => {
  it("performs an operation once and answers a repeat with the first receipt", async () => {
    const executor = createFakeActionExecutor();

    const first = await executor.execute(command);
    const again = await executor.execute(command);

    expect(first).toEqual({
      ok: true,
      value: { operationId: "op-1", reference: "fake-refund-1", alreadyExecuted: false },
    });
    expect(again).toEqual({
      ok: true,
      value: { operationId: "op-1", reference: "fake-refund-1", alreadyExecuted: true },
    });
    expect(executor.calls).toHaveLength(2);
    expect(executor.executed).toEqual([command]);
  });

  it("fails the next calls when told to, performing nothing", async () => {
    const executor = createFakeActionExecutor();
    executor.failNext(1, { kind: "systemic" });

    const failed = await executor.execute(command);
    const retried = await executor.execute(command);

    expect(failed).toMatchObject({ ok: false, error: { code: "execution_failed", kind: "systemic" } });
    expect(retried).toMatchObject({ ok: true, value: { alreadyExecuted: false } });
    expect(executor.executed).toHaveLength(1);
  });

  it("names itself as a fake", () => {
    expect(createFakeActionExecutor().name).toBe("fake-executor");
  });
});
