import { describe, expect, it } from "vitest";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import { parseModelProposals } from "../actions/proposals/model-proposals.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createTurnService } from "./turn-service.js";

describe("model output the database cannot store", () => {
  it("is recorded with U+FFFD in place of NUL and unpaired surrogates, and the turn completes", async () => {
    const eventStore = createInMemoryEventStore();
    const llm = createScriptedFakeLlmProvider({ script: () => fakeReply("On its way\u0000 \ud83d\ude00 \ud800") });
    const turns = createTurnService({ eventStore, llm, clock: () => new Date(), historyTurns: 20 });
    const streamed = [];
    for await (const event of turns.runTurn(inboundMessage({ conversationId: "conv-nul" }))) streamed.push(event);
    expect(streamed.at(-1)).toMatchObject({
      event: "done",
      data: { reply: { text: "On its way\ufffd \ud83d\ude00 \ufffd" } },
    });
    const [, reply] = await streamEvents(eventStore, "conversation:acme:conv-nul");
    expect(reply?.data.text).toBe("On its way\ufffd \ud83d\ude00 \ufffd");
  });

  it("is normalised in structured proposals, keys and values alike, before validation", () => {
    const output = '{"proposals":[{"type":"refund","amountMinor":100,"currency":"EUR","reason":"broken\\u0000"}]}';
    expect(parseModelProposals(output)).toMatchObject({ ok: true, value: [{ reason: "broken\ufffd" }] });
    const extra = parseModelProposals('{"proposals":[],"\\ud800":1}');
    expect(extra.ok).toBe(false);
    expect(JSON.stringify(!extra.ok && extra.error.problems)).not.toMatch(/\\u0000|\\ud800/);
  });
});
