import { describe, expect, it } from "vitest";
import { z } from "zod";
import { chatStreamEventSchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { inboundMessage as message } from "../../test/support/inbound-message.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import type { EventStore } from "../event-store/event-store.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { messageReceivedEvent, replySentEvent } from "./turn-event-builders.js";
import { legacyTurnEventIds, resolveTurnEventIds, turnEventIds } from "./turn-ids.js";
import { createTurnService } from "./turn-service.js";

function setup() {
  const eventStore = createInMemoryEventStore(() => new Date("2026-11-23T10:00:01.000Z"));
  const llm = createScriptedFakeLlmProvider({ name: "fake", script: (_request, call) => fakeReply(`answer ${call}`) });
  const turns = createTurnService({ eventStore, llm, clock: () => new Date(), historyTurns: 20 });
  const run = async (input: InboundMessage): Promise<ChatStreamEvent[]> => {
    const out: ChatStreamEvent[] = [];
    for await (const event of turns.runTurn(input)) out.push(chatStreamEventSchema.parse(event));
    return out;
  };
  return { eventStore, llm, run };
}

/** The `done` data of a turn, or a failure naming what came instead. */
function done(events: ChatStreamEvent[]) {
  const last = events.at(-1);
  if (last?.event !== "done") throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return last.data;
}

/** Records a finished turn as it was recorded before conversations were part of a message's identity. */
async function recordLegacyTurn(eventStore: EventStore, input: InboundMessage, replyText: string): Promise<void> {
  const ids = legacyTurnEventIds(input);
  const cause = {
    eventId: ids.messageReceived,
    tenantId: input.tenantId,
    correlationId: input.correlationId,
    conversationId: input.conversationId,
    customerId: input.customerId,
  };
  const completion = { text: replyText, model: "fake-model-001", usage: null, attempts: 1, latencyMs: 5 };
  const reply = replySentEvent({
    eventId: ids.replySent,
    cause,
    provider: { name: "fake", offline: false },
    completion,
  });
  const stream = `conversation:${input.tenantId}:${input.conversationId}`;
  const appended = await eventStore.append(stream, [messageReceivedEvent(input, ids.messageReceived), reply], {
    expectedVersion: "any",
  });
  if (!appended.ok) throw new Error(appended.error.code);
}

describe("turnEventIds", () => {
  it("derives the same UUIDs for the same message and different ones per conversation, channel or message id", () => {
    const ids = turnEventIds(message());
    expect(turnEventIds(message({ text: "other text", correlationId: "other", customerId: "c-2" }))).toEqual(ids);
    for (const other of [{ conversationId: "conv-2" }, { channel: "sms" as const }, { channelMessageId: "m-2" }])
      expect(turnEventIds(message(other)).messageReceived).not.toBe(ids.messageReceived);
    expect(turnEventIds(message()).messageReceived).not.toBe(legacyTurnEventIds(message()).messageReceived);
    expect(() => z.uuid().parse(ids.messageReceived) && z.uuid().parse(ids.replySent)).not.toThrow();
  });
});

describe("a message id reused in another conversation", () => {
  it("is another message: both turns are recorded, each in its own conversation", async () => {
    const { eventStore, llm, run } = setup();

    const first = done(await run(message({ conversationId: "conv-a", channelMessageId: "same-1" })));
    const second = done(await run(message({ conversationId: "conv-b", channelMessageId: "same-1", text: "hi" })));

    expect(llm.requests).toHaveLength(2);
    expect([first.replayed, second.replayed]).toEqual([false, false]);
    expect([first.conversationId, second.conversationId]).toEqual(["conv-a", "conv-b"]);
    expect(second.events.messageReceived).not.toBe(first.events.messageReceived);
    const conversationB = await streamEvents(eventStore, "conversation:acme:conv-b");
    expect(conversationB.map((event) => [event.type, event.eventId])).toEqual([
      ["message.received", second.events.messageReceived],
      ["reply.sent", second.events.replySent],
    ]);
    expect(await streamEvents(eventStore, "conversation:acme:conv-a")).toHaveLength(2);
  });

  it("still replays a retry in the same conversation from the log", async () => {
    const { eventStore, llm, run } = setup();
    await run(message({ conversationId: "conv-a", channelMessageId: "same-1" }));
    const first = done(await run(message({ conversationId: "conv-b", channelMessageId: "same-1" })));

    const retried = done(await run(message({ conversationId: "conv-b", channelMessageId: "same-1", text: "again" })));

    expect(llm.requests).toHaveLength(2);
    expect(retried).toMatchObject({ replayed: true, events: first.events, reply: { text: first.reply.text } });
    expect(await streamEvents(eventStore, "conversation:acme:conv-b")).toHaveLength(2);
  });
});

describe("messages recorded before conversations were part of the identity", () => {
  it("a retry in the same conversation is recognised by its legacy ids and replayed", async () => {
    const { eventStore, llm, run } = setup();
    await recordLegacyTurn(eventStore, message(), "Recorded before.");

    const retried = done(await run(message({ correlationId: "corr-retry" })));

    expect(llm.requests).toHaveLength(0);
    expect(retried).toMatchObject({ replayed: true, events: legacyTurnEventIds(message()) });
    expect(retried.reply.text).toBe("Recorded before.");
    expect(await streamEvents(eventStore, "conversation:acme:conv-1")).toHaveLength(2);
  });

  it("the same message id in another conversation gets the new ids and its own turn", async () => {
    const { eventStore, llm, run } = setup();
    await recordLegacyTurn(eventStore, message(), "Recorded before.");

    const other = done(await run(message({ conversationId: "conv-2" })));

    expect(llm.requests).toHaveLength(1);
    expect(other).toMatchObject({ replayed: false, events: turnEventIds(message({ conversationId: "conv-2" })) });
    expect(await streamEvents(eventStore, "conversation:acme:conv-2")).toHaveLength(2);
  });

  it("resolveTurnEventIds picks the legacy ids only in the conversation that recorded them", async () => {
    const eventStore = createInMemoryEventStore(() => new Date("2026-11-23T10:00:01.000Z"));
    await recordLegacyTurn(eventStore, message(), "Recorded before.");
    const resolve = (conversationId: string) =>
      resolveTurnEventIds(eventStore, `conversation:acme:${conversationId}`, message({ conversationId }));

    expect(await resolve("conv-1")).toEqual(legacyTurnEventIds(message()));
    expect(await resolve("conv-2")).toEqual(turnEventIds(message({ conversationId: "conv-2" })));
  });
});
