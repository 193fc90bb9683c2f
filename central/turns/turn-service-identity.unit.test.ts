import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createTurnService, type AfterReplyTurn } from "./turn-service.js";

/** Runs one turn and returns what the proposal pipeline's hook was given. */
async function afterReplyTurnOf(message: InboundMessage): Promise<AfterReplyTurn | undefined> {
  let seen: AfterReplyTurn | undefined;
  const turns = createTurnService({
    eventStore: createInMemoryEventStore(() => new Date("2026-11-23T10:00:01.000Z")),
    llm: createScriptedFakeLlmProvider({ name: "fake", script: () => fakeReply("Let me check.") }),
    clock: () => new Date(),
    historyTurns: 20,
    afterReply: async (turn) => {
      seen = turn;
    },
  });
  for await (const event of turns.runTurn(message)) void event;
  return seen;
}

describe("turn service: whether the customer is verified reaches the action pipeline", () => {
  it("passes customerVerified false for a web visitor the merchant did not vouch for", async () => {
    const turn = await afterReplyTurnOf(inboundMessage({ channel: "web", customerVerified: false }));
    expect(turn?.customerVerified).toBe(false);
  });

  it("treats a web message without the field as unverified (an edge that predates identity tokens)", async () => {
    const { customerVerified: _omitted, ...legacy } = inboundMessage({ channel: "web" });
    expect((await afterReplyTurnOf(legacy))?.customerVerified).toBe(false);
  });

  it("passes true for a verified web customer and for a platform channel's sender", async () => {
    expect((await afterReplyTurnOf(inboundMessage({ channel: "web", customerVerified: true })))?.customerVerified).toBe(
      true,
    );
    expect((await afterReplyTurnOf(inboundMessage({ channel: "whatsapp" })))?.customerVerified).toBe(true);
  });
});
