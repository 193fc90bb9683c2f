import { describe, expect, it } from "vitest";
import {
  createScriptedFakeLlmProvider,
  fakeFailure,
  fakeReply,
} from "../../../test/support/scripted-fake-llm-provider.js";
import type { LlmRequest } from "../../llm/llm-provider.js";
import { conversationEvents, createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";

const ORDER = {
  tenantId: "acme",
  customerId: "cust-1",
  orderId: "A-1",
  placedAt: "2026-11-15T12:00:00.000Z",
  totalMinor: 100_000,
};

/** A fake model: prose for replies, the given proposals (JSON) when asked for structured output. */
function modelProposing(...proposals: unknown[][]) {
  let call = 0;
  return createScriptedFakeLlmProvider({
    model: "fake-model-3",
    script: (request: LlmRequest) =>
      request.responseFormat
        ? fakeReply(JSON.stringify({ proposals: proposals[call++] ?? [] }), { model: "fake-model-3" })
        : fakeReply("Let me look into that."),
  });
}

function harness(llm = modelProposing(), withPolicy = true) {
  return createActionsHarness({ llm, policies: withPolicy ? { acme: demoPolicyFor("acme") } : {}, orders: [ORDER] });
}

const refund = (amountMinor: number) => ({
  type: "refund",
  amountMinor,
  currency: "EUR",
  orderId: "A-1",
  reason: "the item arrived broken",
});

describe("proposal pipeline", () => {
  it("records a small refund, approves it by policy, executes it once and tells the customer", async () => {
    const h = harness(modelProposing([refund(1250)]));

    const out = await h.say("My order A-1 arrived broken, refund me 12.50 please");

    expect(out.at(-1)?.event).toBe("done");
    const [action] = await h.actionStates();
    expect(action).toMatchObject({
      status: "executed",
      type: "refund",
      amountMinor: 1250,
      decidedBy: "policy",
      policyVersion: 1,
      modelVersion: "fake-model-3",
      correlationId: "corr-1",
    });
    expect(h.executor.executed).toEqual([
      expect.objectContaining({
        actionId: action?.actionId,
        amountMinor: 1250,
        operationId: `op:acme:${action?.actionId}`,
      }),
    ]);
    const stream = await h.eventStore.readStream(`action:acme:${action?.actionId}`);
    const events = stream.ok ? stream.value : [];
    expect(events.map((event) => event.type)).toEqual(["action.proposed", "action.approved", "action.executed"]);
    for (const event of events)
      expect(event.metadata).toMatchObject({
        correlationId: "corr-1",
        modelVersion: "fake-model-3",
        policyVersion: "1",
      });
    expect(events[1]?.data).toMatchObject({
      approvedBy: "policy",
      approval: "automatic",
      ruleIds: ["refund.approval"],
      policyVersion: 1,
    });
    expect(events[0]?.data).toMatchObject({
      context: { usage: { customerPeriodCount: 0 }, order: { orderId: "A-1" } },
      proposer: { provider: "fake", model: "fake-model-3" },
    });
    const notices = (await conversationEvents(h.eventStore)).filter(
      (event) => event.metadata.actor.id === "frontdesk-actions",
    );
    expect(notices.map((event) => event.data.text)).toEqual([
      expect.stringMatching(
        /^Done: your refund of 12\.50 EUR for order A-1 has been processed \(reference fake-refund-1\)/,
      ),
    ]);
    expect(h.errors).toEqual([]);
  });

  it("sends a large refund to two humans, tells the customer it is pending, and executes nothing", async () => {
    const h = harness(modelProposing([refund(30_000)]));

    await h.say("refund me 300 for order A-1");

    const [action] = await h.actionStates();
    expect(action).toMatchObject({
      status: "pending_approval",
      approval: "two_humans",
      expiresAt: "2026-11-23T12:00:00.000Z",
    });
    expect(action?.ruleIds).toEqual(expect.arrayContaining(["refund-over-50", "refund-over-200"]));
    expect(h.executor.calls).toEqual([]);
    const texts = (await conversationEvents(h.eventStore)).map((event) => event.data.text);
    expect(texts.at(-1)).toMatch(/passed your refund of 300\.00 EUR for order A-1 to a colleague for approval/);
  });

  it("denies every proposal when the tenant has no active policy (rule no_active_policy)", async () => {
    const h = harness(modelProposing([refund(100)]), false);

    await h.say("refund 1 EUR for order A-1");

    expect(await h.actionStates()).toMatchObject([
      { status: "denied", ruleIds: ["no_active_policy"], policyVersion: null },
    ]);
    expect(h.executor.calls).toEqual([]);
  });

  it("records and denies an action type no policy knows instead of failing", async () => {
    const h = harness(modelProposing([{ type: "wire_transfer", amountMinor: 100, currency: "EUR", reason: "asked" }]));

    await h.say("wire me money");

    expect(await h.actionStates()).toMatchObject([
      { status: "denied", type: "wire_transfer", ruleIds: ["unknown_action_type"] },
    ]);
    expect(h.executor.calls).toEqual([]);
  });

  it("records malformed model output as action.proposal_rejected with its problems, and proposes nothing", async () => {
    const llm = createScriptedFakeLlmProvider({
      script: (request) =>
        request.responseFormat ? fakeReply('{"proposals":[{"type":"refund","amountMinor":-5}]}') : fakeReply("ok"),
    });
    const h = harness(llm);

    await h.say("refund");

    const rejected = (await conversationEvents(h.eventStore)).filter(
      (event) => event.type === "action.proposal_rejected",
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.data).toMatchObject({
      failure: "invalid_output",
      kind: "semantic",
      problems: expect.arrayContaining([{ path: "proposals.0.amountMinor", message: expect.any(String) }]),
    });
    expect(await h.actionStates()).toEqual([]);
  });

  it("records a failed proposal call as model_failed without failing the turn", async () => {
    const llm = createScriptedFakeLlmProvider({
      script: (request) =>
        request.responseFormat ? fakeFailure({ code: "llm_timeout", kind: "transient" }) : fakeReply("ok"),
    });
    const h = harness(llm);

    const out = await h.say("refund");

    expect(out.at(-1)?.event).toBe("done");
    expect(
      (await conversationEvents(h.eventStore)).filter((event) => event.type === "action.proposal_rejected")[0]?.data,
    ).toMatchObject({ failure: "model_failed", kind: "transient" });
  });

  it("does not ask again or execute again when the same message is retried", async () => {
    const llm = modelProposing([refund(1000)], [refund(1000)]);
    const h = harness(llm);

    await h.say("refund 10 for order A-1", { channelMessageId: "m-retry" });
    const retried = await h.say("refund 10 for order A-1", { channelMessageId: "m-retry" });

    expect(retried.at(-1)).toMatchObject({ event: "done", data: { replayed: true } });
    expect(llm.requests.filter((request) => request.responseFormat)).toHaveLength(1);
    expect(h.executor.calls).toHaveLength(1);
    expect(await h.actionStates()).toHaveLength(1);
  });

  it("counts earlier approved actions from the log against the per-customer limit", async () => {
    const h = harness(modelProposing([refund(1000)], [refund(1000)], [refund(1000)]));

    for (const text of ["first", "second", "third"]) await h.say(`refund 10 for order A-1 (${text})`);

    const states = await h.actionStates();
    expect(states.map((state) => state.status)).toEqual(["executed", "executed", "denied"]);
    expect(states[2]?.ruleIds).toContain("refund.per_customer_count");
    expect(h.executor.executed).toHaveLength(2);
  });
});
