import { describe, expect, it } from "vitest";
import { chatStreamEventSchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createTurnService } from "./turn-service.js";

const STREAM = "conversation:acme:conv-1";
const classification = {
  intent: "greeting",
  confidence: 0.93,
  outOfScope: false,
  modelVersion: "intents-test-v1",
  latencyMs: 0.2,
};

function setup() {
  const eventStore = createInMemoryEventStore(() => new Date("2026-11-23T10:00:01.000Z"));
  let modelCalls = 0;
  const llm = createScriptedFakeLlmProvider({
    name: "fake",
    script: () => {
      modelCalls++;
      return fakeReply("From the model.");
    },
  });
  const turns = createTurnService({ eventStore, llm, clock: () => new Date(), historyTurns: 20 });
  const run = async (input: InboundMessage): Promise<ChatStreamEvent[]> => {
    const out: ChatStreamEvent[] = [];
    for await (const event of turns.runTurn(input)) out.push(chatStreamEventSchema.parse(event));
    return out;
  };
  return { eventStore, run, modelCalls: () => modelCalls };
}

describe("turn service with the edge's routing decision", () => {
  it("records an edge-answered turn (message, classification with route and model, reply), no model call", async () => {
    const { eventStore, run, modelCalls } = setup();
    const out = await run({
      ...inboundMessage(),
      classification,
      route: {
        route: "answer_locally",
        reason: "edge_answerable",
        reply: { text: "Hello!", provider: "edge-template" },
      },
    });
    expect(modelCalls()).toBe(0);
    expect(out.at(-1)).toMatchObject({
      event: "done",
      data: { reply: { text: "Hello!", provider: "edge-template", model: "intents-test-v1" } },
    });
    const events = await streamEvents(eventStore, STREAM);
    expect(events.map((e) => e.type)).toEqual(["message.received", "intent.classified", "reply.sent"]);
    expect(events[1]).toMatchObject({
      data: {
        intent: "greeting",
        confidence: 0.93,
        outOfScope: false,
        modelVersion: "intents-test-v1",
        route: "answer_locally",
        routeReason: "edge_answerable",
      },
      metadata: { actor: { kind: "edge" }, modelVersion: "intents-test-v1", causationId: events[0]?.eventId },
    });
    expect(events[2]).toMatchObject({
      data: { provider: "edge-template", text: "Hello!" },
      metadata: { causationId: events[0]?.eventId },
    });
  });

  it("records a handoff as conversation.escalated with the notice the customer got", async () => {
    const { eventStore, run } = setup();
    await run({
      ...inboundMessage(),
      classification: { ...classification, intent: "report_fraud" },
      route: {
        route: "handoff",
        reason: "handoff_intent",
        reply: { text: "A human will take over.", provider: "edge-handoff" },
      },
    });
    const events = await streamEvents(eventStore, STREAM);
    expect(events.map((e) => e.type)).toEqual([
      "message.received",
      "intent.classified",
      "conversation.escalated",
      "reply.sent",
    ]);
    expect(events[2]?.data).toMatchObject({ reason: "edge: handoff_intent (report_fraud)" });
  });

  it("records a forwarded message's classification and lets the model answer", async () => {
    const { eventStore, run, modelCalls } = setup();
    const out = await run({
      ...inboundMessage(),
      classification,
      route: { route: "forward", reason: "needs_central" },
    });
    expect(modelCalls()).toBe(1);
    expect(out.at(-1)).toMatchObject({ data: { reply: { text: "From the model.", provider: "fake" } } });
    const types = (await streamEvents(eventStore, STREAM)).map((e) => e.type);
    expect(types).toEqual(["message.received", "intent.classified", "reply.sent"]);
  });

  it("is idempotent: a retried edge-answered message replays the recorded reply and appends nothing", async () => {
    const { eventStore, run } = setup();
    const message = {
      ...inboundMessage(),
      classification,
      route: {
        route: "answer_locally" as const,
        reason: "edge_answerable" as const,
        reply: { text: "Hello!", provider: "edge-template" as const },
      },
    };
    await run(message);
    const again = await run(message);
    expect(again.at(-1)).toMatchObject({ event: "done", data: { replayed: true, reply: { text: "Hello!" } } });
    expect(await streamEvents(eventStore, STREAM)).toHaveLength(3);
  });

  it("records no classification when the edge had no model", async () => {
    const { eventStore, run } = setup();
    await run({
      ...inboundMessage(),
      route: { route: "forward", reason: "model_unavailable", modelUnavailable: true },
    });
    expect((await streamEvents(eventStore, STREAM)).map((e) => e.type)).toEqual(["message.received", "reply.sent"]);
  });
});
