import { describe, expect, it } from "vitest";
import { customerSummarySchema } from "../../../shared/customer-summary.js";
import type { NewEvent } from "../../../shared/event-envelope.js";
import {
  actionEvent,
  conversationEvent,
  erasedEvent,
  intentEvent,
  messageEvent,
  profileEvent,
  recorded,
  replyEvent,
} from "../../../test/support/catalog-events.js";
import { foldEvents, keyString } from "../keyed-projection.js";
import {
  customerSummaryProjection,
  toCustomerSummary,
  type CustomerSummaryState,
} from "./customer-summary-projection.js";

const CUSTOMER = { tenantId: "acme", id: "cust-1" };

/** Given `history`, when `latest` is folded in, then the customer's state is returned (positions from 1). */
function given(...history: NewEvent[]) {
  return {
    when(...latest: NewEvent[]): CustomerSummaryState {
      const folded = foldEvents(customerSummaryProjection, recorded([...history, ...latest]));
      const state = folded.get(keyString(CUSTOMER))?.state;
      if (!state) throw new Error("the customer was not touched");
      return state;
    },
  };
}

describe("customer summary projection", () => {
  it("starts from an empty summary and records the first message", () => {
    const state = given().when(messageEvent({ at: "2026-11-20T08:00:00.000Z" }));
    expect(toCustomerSummary(state)).toEqual({
      tenantId: "acme",
      customerId: "cust-1",
      version: 1,
      profile: { name: null, email: null, phone: null, tier: null },
      openConversations: ["conv-1"],
      lastIntents: [],
      lastAction: null,
      counts: { messages: 1, refunds: 0, approvals: 0 },
      flags: { openEscalation: false, erased: false },
      lastMessageAt: "2026-11-20T08:00:00.000Z",
      updatedAt: "2026-11-23T10:00:00.000Z",
    });
    expect(() => customerSummarySchema.parse(toCustomerSummary(state))).not.toThrow();
  });

  it("sets the version to the global position of the last event and updatedAt to its recording time", () => {
    const state = given(messageEvent(), replyEvent()).when(replyEvent());
    expect(state.version).toBe(3);
    expect(state.updatedAt).toBe("2026-11-23T10:00:02.000Z");
  });

  it("merges profile updates: absent fields stay, null clears, values are opaque text", () => {
    const state = given(profileEvent("cust-1", { name: "Ada", email: "ada@example.org", tier: "gold" })).when(
      profileEvent("cust-1", { email: null, phone: "enc:v1:opaque" }),
    );
    expect(state.profile).toEqual({ name: "Ada", email: null, phone: "enc:v1:opaque", tier: "gold" });
  });

  it("keeps the last five intents, newest first", () => {
    const intents = ["a", "b", "c", "d", "e", "f"].map((intent) => intentEvent({ intent }));
    const state = given(...intents.slice(0, 5)).when(intents[5] as NewEvent);
    expect(state.lastIntents.map((entry) => entry.intent)).toEqual(["f", "e", "d", "c", "b"]);
    expect(state.lastIntents[0]).toEqual({ intent: "f", confidence: 0.9, at: "2026-11-23T10:00:05.000Z" });
  });

  it("tracks the last action with its outcome and counts approvals and executed refunds", () => {
    const life = (actionId: string) =>
      ["action.proposed", "action.approved", "action.executed"].map((type) =>
        actionEvent(type as "action.proposed", { actionId }),
      );
    const state = given(...life("a-1"), actionEvent("action.proposed", { actionId: "a-2", action: "discount" })).when(
      actionEvent("action.denied", { actionId: "a-2", action: "discount", amountMinor: null }),
    );
    expect(state.lastAction).toEqual({
      actionId: "a-2",
      type: "discount",
      outcome: "denied",
      amount: null,
      at: "2026-11-23T10:00:04.000Z",
    });
    expect(state.counts).toEqual({ messages: 0, refunds: 1, approvals: 1 });
  });

  it("does not count a discount's execution as a refund, and keeps a reversed refund counted", () => {
    const state = given(
      actionEvent("action.executed", { actionId: "d-1", action: "discount" }),
      actionEvent("action.executed", { actionId: "r-1" }),
    ).when(actionEvent("action.reversed", { actionId: "r-1" }));
    expect(state.counts.refunds).toBe(1);
    expect(state.lastAction).toMatchObject({ actionId: "r-1", outcome: "reversed", amount: 1250 });
  });

  it("flags an open escalation until every escalated conversation is resolved", () => {
    const escalatedBoth = given(
      messageEvent({ conversationId: "conv-1" }),
      messageEvent({ conversationId: "conv-2" }),
      conversationEvent("conversation.escalated", { conversationId: "conv-1" }),
      conversationEvent("conversation.escalated", { conversationId: "conv-2" }),
    );
    const oneResolved = escalatedBoth.when(conversationEvent("conversation.resolved", { conversationId: "conv-1" }));
    expect(oneResolved.flags.openEscalation).toBe(true);
    expect(oneResolved.openConversations).toEqual(["conv-2"]);
    const bothResolved = escalatedBoth.when(
      conversationEvent("conversation.resolved", { conversationId: "conv-1" }),
      conversationEvent("conversation.resolved", { conversationId: "conv-2" }),
    );
    expect(bothResolved.flags.openEscalation).toBe(false);
    expect(bothResolved.openConversations).toEqual([]);
  });

  it("reopens a resolved conversation when the customer writes again", () => {
    const state = given(messageEvent(), conversationEvent("conversation.resolved")).when(messageEvent());
    expect(state.openConversations).toEqual(["conv-1"]);
    expect(state.counts.messages).toBe(2);
  });

  it("clears the profile and flags the customer as erased on customer.erased, keeping counts and actions", () => {
    const state = given(
      profileEvent("cust-1", { name: "Ada", email: "a@b.c", phone: "+1", tier: "gold" }),
      messageEvent(),
      actionEvent("action.approved", { actionId: "a-1" }),
    ).when(erasedEvent());
    expect(state.profile).toEqual({ name: null, email: null, phone: null, tier: null });
    expect(state.flags.erased).toBe(true);
    expect(state.counts).toEqual({ messages: 1, refunds: 0, approvals: 1 });
    expect(state.lastAction).toMatchObject({ actionId: "a-1", outcome: "approved" });
  });

  it("takes a new profile after erasure (the customer came back) and stays flagged", () => {
    const state = given(profileEvent("cust-1", { name: "Ada" }), erasedEvent()).when(
      profileEvent("cust-1", { name: "Ada again" }),
    );
    expect(state.profile.name).toBe("Ada again");
    expect(state.flags.erased).toBe(true);
  });

  it("keeps customers and tenants apart", () => {
    const folded = foldEvents(
      customerSummaryProjection,
      recorded([messageEvent(), messageEvent({ customerId: "cust-2" }), messageEvent({ tenantId: "globex" })]),
    );
    expect([...folded.values()].map(({ key, state }) => [key.tenantId, key.id, state.counts.messages])).toEqual([
      ["acme", "cust-1", 1],
      ["acme", "cust-2", 1],
      ["globex", "cust-1", 1],
    ]);
  });
});
