import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import type { LlmRequest } from "../../llm/llm-provider.js";
import { createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";

const ORDER = {
  tenantId: "acme",
  customerId: "cust-1",
  orderId: "A-1",
  placedAt: "2026-11-15T12:00:00.000Z",
  totalMinor: 100_000,
};

/** A model that proposes a small refund on order A-1 after every reply. */
const refundingModel = () =>
  createScriptedFakeLlmProvider({
    model: "fake-model-3",
    script: (request: LlmRequest) =>
      request.responseFormat
        ? fakeReply(
            JSON.stringify({
              proposals: [{ type: "refund", amountMinor: 1250, currency: "EUR", orderId: "A-1", reason: "broken" }],
            }),
            { model: "fake-model-3" },
          )
        : fakeReply("Let me look into that."),
  });

describe("proposal pipeline: a web visitor whose identity is not verified", () => {
  it("gets a refund on an order denied with rule identity.unverified, and nothing executed", async () => {
    const h = createActionsHarness({
      llm: refundingModel(),
      policies: { acme: demoPolicyFor("acme") },
      orders: [ORDER],
    });
    await h.say("My order A-1 arrived broken, refund me 12.50 please", { channel: "web", customerVerified: false });
    const [action] = await h.actionStates();
    expect(action).toMatchObject({ status: "denied", type: "refund" });
    const stream = await h.eventStore.readStream(`action:acme:${action?.actionId}`);
    const events = stream.ok ? stream.value : [];
    expect(events.map((event) => event.type)).toEqual(["action.proposed", "action.denied"]);
    expect(events[1]?.data).toMatchObject({ ruleIds: ["identity.unverified"] });
    expect(events[0]?.data).toMatchObject({ context: { customerVerified: false } });
    expect(h.executor.executed).toEqual([]);
  });

  it("has the same refund approved and executed once the merchant vouches for the customer", async () => {
    const h = createActionsHarness({
      llm: refundingModel(),
      policies: { acme: demoPolicyFor("acme") },
      orders: [ORDER],
    });
    await h.say("My order A-1 arrived broken, refund me 12.50 please", { channel: "web", customerVerified: true });
    const [action] = await h.actionStates();
    expect(action).toMatchObject({ status: "executed" });
    expect(h.executor.executed).toHaveLength(1);
  });
});
