import { describe, expect, it } from "vitest";
import { chatReplySchema } from "../../shared/chat-api.js";
import { edgeRoutingSchema } from "../../shared/edge-routing.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { err, ok } from "../../shared/result.js";
import { turnEventIdsOf } from "../../shared/turn-event-ids.js";
import { createEdgeApp } from "../app.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { createFakeIntentClassifier } from "../intent/fake-intent-classifier.js";
import { postChat, readEvents, TEST_NOW } from "./testing/chat-helpers.js";
import type { RecordTurnJob, TurnRecorder } from "./record-turn-job.js";

const routing = edgeRoutingSchema.parse({
  default: {
    answers: { greeting: "Hello from the edge!" },
    handoffIntents: ["report_fraud"],
    handoffText: "A human will take over.",
  },
});
const byText = (text: string) =>
  text.startsWith("hello")
    ? { intent: "greeting", confidence: 0.9, outOfScope: false, modelVersion: "m-1" }
    : text.startsWith("fraud")
      ? { intent: "report_fraud", confidence: 0.8, outOfScope: false, modelVersion: "m-1" }
      : { intent: "balance", confidence: 0.95, outOfScope: false, modelVersion: "m-1" };

/** An edge with routing and a queue recorder, around a central that is down (any call to it is visible). */
function setup(recorder: TurnRecorder & { jobs: RecordTurnJob[] } = recording()) {
  const central = createFakeCentralClient((message) =>
    message.route?.reply
      ? { failure: { code: "central_unavailable", message: "down" } }
      : { events: fakeReplyEvents(message, ["from the model"]) },
  );
  let next = 0;
  const app = createEdgeApp({
    central,
    now: () => TEST_NOW,
    newId: () => `id-${++next}`,
    routing: { intents: { versions: ["m-1"], forTenant: () => createFakeIntentClassifier(byText) }, routing },
    web: { recorder },
  });
  return { app, central, recorder };
}

function recording(): TurnRecorder & { jobs: RecordTurnJob[] } {
  const jobs: RecordTurnJob[] = [];
  return {
    jobs,
    async enqueue(job) {
      jobs.push(job);
      return ok(undefined);
    },
  };
}

describe("POST /v1/chat: turns the edge answers itself", () => {
  it("answers a greeting from its template without central, and queues the turn with its route and reply", async () => {
    const { app, central, recorder } = setup();
    const res = await postChat(app, { clientMessageId: "m-1", text: "hello there" });
    const reply = chatReplySchema.parse(await res.json());
    expect(reply).toMatchObject({
      reply: { text: "Hello from the edge!", provider: "edge-template", model: "m-1", offline: false, usage: null },
      messageId: "m-1",
      replayed: false,
      edge: { route: { route: "answer_locally" } },
    });
    expect(central.received).toEqual([]);
    expect(recorder.jobs).toHaveLength(1);
    const queued = recorder.jobs[0]!.message;
    expect(queued).toMatchObject({
      conversationId: reply.conversationId,
      channelMessageId: "m-1",
      customerVerified: false,
    });
    expect(queued.route?.reply).toEqual({ text: "Hello from the edge!", provider: "edge-template" });
    // The ids announced are the ones central derives when it records the queued message.
    expect(reply.events).toEqual(await turnEventIdsOf(queued));
  });

  it("streams a handoff notice as one token then done, without calling central", async () => {
    const { app, central, recorder } = setup();
    const res = await postChat(app, { text: "fraud on my card" }, { Accept: "text/event-stream" });
    const events = await readEvents(res);
    expect(events.map((event) => event.event)).toEqual(["token", "done"]);
    expect(events[0]?.data).toEqual({ text: "A human will take over." });
    expect(chatReplySchema.parse(events[1]?.data)).toMatchObject({
      reply: { provider: "edge-handoff" },
      conversationToken: expect.stringMatching(/^fdc1\./),
    });
    expect(central.received).toEqual([]);
    expect(recorder.jobs).toHaveLength(1);
  });

  it("still forwards a question to central (and queues nothing)", async () => {
    const { app, central, recorder } = setup();
    const reply = chatReplySchema.parse(await (await postChat(app, { text: "what is my balance" })).json());
    expect(reply.reply.text).toBe("from the model");
    expect(central.received).toHaveLength(1);
    expect(recorder.jobs).toEqual([]);
  });

  it("answers 503 queue_unavailable, Retry-After, when the turn cannot be queued (no unrecorded answer)", async () => {
    const { app } = setup({
      jobs: [],
      enqueue: async () => err({ code: "queue_unavailable", message: "the turn could not be queued for recording" }),
    });
    const res = await postChat(app, { text: "hello there" });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(problemDetailsSchema.parse(await res.json()).code).toBe("queue_unavailable");
  });
});
