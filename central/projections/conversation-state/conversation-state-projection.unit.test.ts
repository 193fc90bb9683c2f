import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../shared/event-envelope.js";
import {
  actionEvent,
  conversationEvent,
  intentEvent,
  messageEvent,
  recorded,
  replyEvent,
} from "../../../test/support/catalog-events.js";
import { foldEvents, keyString } from "../keyed-projection.js";
import type { ConversationState } from "./conversation-state.js";
import { conversationStateProjection } from "./conversation-state-projection.js";

const CONVERSATION = { tenantId: "acme", id: "conv-1" };

/** Given `history`, when `latest` is folded in, then the conversation's state is returned. */
function given(...history: NewEvent[]) {
  return {
    when(...latest: NewEvent[]): ConversationState {
      const state = foldEvents(conversationStateProjection, recorded([...history, ...latest])).get(
        keyString(CONVERSATION),
      )?.state;
      if (!state) throw new Error("the conversation was not touched");
      return state;
    },
  };
}

describe("conversation state projection", () => {
  it("opens on the first message with its customer", () => {
    expect(given().when(messageEvent({ at: "2026-11-20T08:00:00.000Z" }))).toEqual({
      tenantId: "acme",
      conversationId: "conv-1",
      version: 1,
      status: "open",
      customerId: "cust-1",
      messageCount: 1,
      lastMessageAt: "2026-11-20T08:00:00.000Z",
      lastIntent: null,
      pendingActions: [],
      lastReplyModel: null,
      updatedAt: "2026-11-23T10:00:00.000Z",
    });
  });

  it("counts messages both ways and remembers the last reply's model", () => {
    const state = given(messageEvent(), replyEvent({ model: "gemini-2.5-flash" })).when(messageEvent());
    expect(state).toMatchObject({ messageCount: 3, lastReplyModel: "gemini-2.5-flash", version: 3 });
  });

  it("keeps the last intent", () => {
    const state = given(messageEvent(), intentEvent({ intent: "where_is_my_order" })).when(
      intentEvent({ intent: "refund", confidence: 0.7 }),
    );
    expect(state.lastIntent).toEqual({
      intent: "refund",
      confidence: 0.7,
      outOfScope: false,
      at: "2026-11-23T10:00:02.000Z",
    });
  });

  it("goes escalated, then resolved, then open again when the customer writes", () => {
    const escalated = given(messageEvent()).when(conversationEvent("conversation.escalated"));
    expect(escalated.status).toBe("escalated");
    expect(given(messageEvent(), conversationEvent("conversation.escalated")).when(messageEvent()).status).toBe(
      "escalated",
    );
    expect(
      given(messageEvent(), conversationEvent("conversation.escalated")).when(
        conversationEvent("conversation.resolved"),
      ).status,
    ).toBe("resolved");
    expect(given(messageEvent(), conversationEvent("conversation.resolved")).when(messageEvent()).status).toBe("open");
  });

  it("lists actions pending a decision or an execution, and drops them once denied, executed or reversed", () => {
    const history = [
      actionEvent("action.proposed", { actionId: "a-1" }),
      actionEvent("action.proposed", { actionId: "a-2", action: "discount" }),
    ];
    const approved = given(...history).when(actionEvent("action.approved", { actionId: "a-1" }));
    expect(approved.pendingActions).toEqual([
      {
        actionId: "a-2",
        type: "discount",
        status: "proposed",
        amountMinor: 1250,
        currency: "EUR",
        since: "2026-11-23T10:00:01.000Z",
      },
      {
        actionId: "a-1",
        type: "refund",
        status: "approved",
        amountMinor: 1250,
        currency: "EUR",
        since: "2026-11-23T10:00:00.000Z",
      },
    ]);
    const settled = given(...history, actionEvent("action.approved", { actionId: "a-1" })).when(
      actionEvent("action.executed", { actionId: "a-1" }),
      actionEvent("action.denied", { actionId: "a-2", action: "discount" }),
    );
    expect(settled.pendingActions).toEqual([]);
  });

  it("ignores actions without a conversation", () => {
    const folded = foldEvents(
      conversationStateProjection,
      recorded([actionEvent("action.proposed", { actionId: "a-1", conversationId: null })]),
    );
    expect(folded.size).toBe(0);
  });
});
