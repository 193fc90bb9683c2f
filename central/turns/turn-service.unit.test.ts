import { describe, expect, it } from "vitest";
import type { ChatStreamEvent } from "../../shared/chat-api.js";
import { chatStreamEventSchema } from "../../shared/chat-api.js";
import { eventEnvelopeSchema } from "../../shared/event-envelope.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { messageReceivedDataSchema, replySentDataSchema } from "../../shared/turn-events.js";
import {
  createScriptedFakeLlmProvider,
  fakeFailure,
  fakeReply,
  type FakeScript,
} from "../../test/support/scripted-fake-llm-provider.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { createCountingEventStore } from "../../test/support/counting-event-store.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { SYSTEM_INSTRUCTION } from "./model-request.js";
import { createTurnService } from "./turn-service.js";
import { turnEventIds } from "./turn-ids.js";

const STREAM = "conversation:acme:conv-1";

const message = inboundMessage;

function setup(options: { script?: FakeScript; historyTurns?: number } = {}) {
  const eventStore = createInMemoryEventStore(() => new Date("2026-11-23T10:00:01.000Z"));
  const llm = createScriptedFakeLlmProvider({ name: "fake", script: options.script });
  const turns = createTurnService({
    eventStore,
    llm,
    clock: () => new Date(),
    historyTurns: options.historyTurns ?? 20,
  });
  const run = async (input: InboundMessage, signal?: AbortSignal): Promise<ChatStreamEvent[]> => {
    const out: ChatStreamEvent[] = [];
    for await (const event of turns.runTurn(input, signal ? { signal } : {}))
      out.push(chatStreamEventSchema.parse(event));
    return out;
  };
  return { eventStore, llm, run };
}

describe("turn service", () => {
  it("streams the model's tokens, then records the message and reply linked by correlation and causation", async () => {
    const { eventStore, run } = setup({ script: () => fakeReply("It ships today.", { model: "fake-model-007" }) });

    const out = await run(message());

    expect(out.filter((event) => event.event === "token").map((event) => event.data)).toEqual([
      { text: "It " },
      { text: "ships " },
      { text: "today." },
    ]);
    const done = out.at(-1);
    const ids = turnEventIds(message());
    expect(done).toEqual({
      event: "done",
      data: {
        tenantId: "acme",
        conversationId: "conv-1",
        customerId: "cust-1",
        messageId: "m-1",
        correlationId: "corr-1",
        reply: {
          text: "It ships today.",
          provider: "fake",
          model: "fake-model-007",
          offline: false,
          usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
        },
        events: ids,
        replayed: false,
      },
    });
    const [received, reply, ...rest] = await streamEvents(eventStore, STREAM);
    expect(rest).toEqual([]);
    for (const event of [received, reply]) eventEnvelopeSchema.parse(event);
    expect(received).toMatchObject({
      eventId: ids.messageReceived,
      type: "message.received",
      metadata: {
        tenantId: "acme",
        correlationId: "corr-1",
        causationId: null,
        actor: { kind: "customer", id: "cust-1" },
        modelVersion: null,
        policyVersion: null,
        sources: [{ kind: "channel", ref: "web:m-1" }],
      },
    });
    expect(messageReceivedDataSchema.parse(received?.data).text).toBe("Where is my order?");
    expect(reply).toMatchObject({
      eventId: ids.replySent,
      type: "reply.sent",
      metadata: {
        correlationId: "corr-1",
        causationId: ids.messageReceived,
        actor: { kind: "model", id: "fake" },
        modelVersion: "fake-model-007",
        sources: [{ kind: "event", ref: ids.messageReceived }],
      },
    });
    expect(replySentDataSchema.parse(reply?.data)).toEqual({
      conversationId: "conv-1",
      customerId: "cust-1",
      text: "It ships today.",
      provider: "fake",
      model: "fake-model-007",
      offline: false,
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      latencyMs: 12,
      attempts: 1,
    });
  });

  it("replays a retried turn from the log without calling the model again or adding rows", async () => {
    const { eventStore, llm, run } = setup({ script: () => fakeReply("Done.") });
    await run(message());

    const retried = await run(message({ correlationId: "corr-retry" }));

    expect(llm.requests).toHaveLength(1);
    expect(retried).toEqual([
      { event: "token", data: { text: "Done." } },
      {
        event: "done",
        data: expect.objectContaining({
          replayed: true,
          correlationId: "corr-1",
          reply: expect.objectContaining({ text: "Done." }),
        }),
      },
    ]);
    expect(await streamEvents(eventStore, STREAM)).toHaveLength(2);
  });

  it("answers a model failure with model_unavailable and records no reply; the retry synthesises again", async () => {
    const { eventStore, llm, run } = setup({
      script: (_request, call) =>
        call === 1 ? fakeFailure({ code: "llm_timeout", message: "no answer in 30000 ms" }) : fakeReply("Back."),
    });

    const failed = await run(message());

    expect(failed).toEqual([
      {
        event: "error",
        data: expect.objectContaining({
          code: "model_unavailable",
          status: 503,
          detail: "no answer in 30000 ms",
          retryAfterSeconds: 5,
          correlationId: "corr-1",
        }),
      },
    ]);
    expect((await streamEvents(eventStore, STREAM)).map((event) => event.type)).toEqual(["message.received"]);

    const retried = await run(message());

    expect(llm.requests).toHaveLength(2);
    expect(retried.at(-1)).toMatchObject({ event: "done", data: { replayed: false, reply: { text: "Back." } } });
    expect((await streamEvents(eventStore, STREAM)).map((event) => event.type)).toEqual([
      "message.received",
      "reply.sent",
    ]);
  });

  it("gives no retry hint for a failure that retrying will not fix", async () => {
    const { run } = setup({
      script: () => fakeFailure({ code: "llm_rejected", kind: "semantic", message: "blocked" }),
    });
    const [error] = await run(message());
    expect(error?.event === "error" && error.data.retryAfterSeconds).toBeUndefined();
  });

  it("treats a model stream that ends without a result as model_unavailable", async () => {
    const { run } = setup({ script: () => [{ type: "token", text: "Hal" }] });
    expect((await run(message())).at(-1)).toMatchObject({ event: "error", data: { code: "model_unavailable" } });
  });

  it("passes the conversation so far to the model, with the system instruction and the abort signal", async () => {
    const { llm, run } = setup({ script: (_request, call) => fakeReply(`answer ${call}`) });
    await run(message({ channelMessageId: "m-1", text: "first" }));
    await run(message({ channelMessageId: "m-2", text: "second" }));
    const signal = new AbortController().signal;

    await run(message({ channelMessageId: "m-3", text: "third" }), signal);

    const request = llm.requests[2];
    expect(request?.system).toBe(SYSTEM_INSTRUCTION);
    expect(request?.signal).toBe(signal);
    expect(request?.messages).toEqual([
      { role: "user", text: "first" },
      { role: "model", text: "answer 1" },
      { role: "user", text: "second" },
      { role: "model", text: "answer 2" },
      { role: "user", text: "third" },
    ]);
  });

  it("limits the history to the last historyTurns messages, starting with the customer", async () => {
    const { llm, run } = setup({ historyTurns: 2, script: () => fakeReply("ok") });
    await run(message({ channelMessageId: "m-1", text: "first" }));
    await run(message({ channelMessageId: "m-2", text: "second" }));
    expect(llm.requests[1]?.messages).toEqual([{ role: "user", text: "second" }]);
  });

  it("answers concurrent duplicates of one message with the single recorded reply", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { eventStore, llm, run } = setup({
      script: async function* (_request, call) {
        await gate;
        yield* fakeReply(`reply ${call}`);
      },
    });

    const both = Promise.all([run(message()), run(message())]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const [first, second] = await both;

    expect(llm.requests).toHaveLength(2);
    const dones = [first?.at(-1), second?.at(-1)].map((event) => (event?.event === "done" ? event.data : null));
    expect(dones.map((done) => done?.replayed).sort()).toEqual([false, true]);
    expect(dones[0]?.reply.text).toBe(dones[1]?.reply.text);
    expect(await streamEvents(eventStore, STREAM)).toHaveLength(2);
  });

  it("reads only the end of a long conversation, not its whole history", async () => {
    const { eventStore, llm, run } = setup({
      historyTurns: 4,
      script: (_request, call) => fakeReply(`answer ${call}`),
    });
    for (let n = 1; n <= 150; n++) await run(message({ channelMessageId: `m-${n}`, text: `question ${n}` }));
    const counting = createCountingEventStore(eventStore);
    const turns = createTurnService({ eventStore: counting, llm, clock: () => new Date(), historyTurns: 4 });

    for await (const _event of turns.runTurn(message({ channelMessageId: "m-151", text: "question 151" }))) void _event;
    for await (const _event of turns.runTurn(message({ channelMessageId: "m-3", text: "retried" }))) void _event;

    expect(await eventStore.streamVersion(STREAM)).toBe(302);
    expect(counting.eventsRead()).toBeLessThanOrEqual(2 * 16 + 1);
    expect(llm.requests.at(-1)?.messages).toEqual([
      { role: "user", text: "question 150" },
      { role: "model", text: "answer 150" },
      { role: "user", text: "question 151" },
    ]);
  });

  it("keeps conversations of different tenants apart", async () => {
    const { eventStore, run } = setup();
    await run(message({ tenantId: "acme" }));
    await run(message({ tenantId: "globex" }));
    expect(await streamEvents(eventStore, "conversation:globex:conv-1")).toHaveLength(2);
    expect(await streamEvents(eventStore, STREAM)).toHaveLength(2);
  });
});
