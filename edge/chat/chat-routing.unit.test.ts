import { describe, expect, it } from "vitest";
import { chatReplySchema } from "../../shared/chat-api.js";
import { edgeRoutingSchema } from "../../shared/edge-routing.js";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { createEdgeApp } from "../app.js";
import type { CentralClient } from "../central-client/central-client.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { createFakeIntentClassifier } from "../intent/fake-intent-classifier.js";
import type { IntentClassifier } from "../intent/intent-classifier.js";
import { postChat, readEvents, TEST_NOW } from "./testing/chat-helpers.js";

const routing = edgeRoutingSchema.parse({
  default: {
    answers: { greeting: "Hello from the edge!" },
    handoffIntents: ["report_fraud"],
    handoffText: "A human will take over.",
  },
  tenants: { strict: { thresholds: { answerLocally: 0.99 }, answers: { greeting: "Hi." } } },
});
const byText = (text: string) =>
  text.startsWith("hello")
    ? { intent: "greeting", confidence: 0.9, outOfScope: false, modelVersion: "m-1" }
    : text.startsWith("fraud")
      ? { intent: "report_fraud", confidence: 0.8, outOfScope: false, modelVersion: "m-1" }
      : text.startsWith("jupiter")
        ? { intent: "greeting", confidence: 0.1, outOfScope: true, modelVersion: "m-1" }
        : { intent: "balance", confidence: 0.95, outOfScope: false, modelVersion: "m-1" };

/** Central that echoes an edge reply (as the real turn service records it) or answers "from the model". */
const recordingCentral = () =>
  createFakeCentralClient((message) => ({
    events: fakeReplyEvents(message, [message.route?.reply?.text ?? "from the model"]),
  }));

function app(central: CentralClient, classifier: IntentClassifier = createFakeIntentClassifier(byText)) {
  let next = 0;
  return createEdgeApp({
    central,
    now: () => TEST_NOW,
    newId: () => `id-${++next}`,
    routing: { intents: { versions: ["m-1"], forTenant: () => classifier }, routing },
  });
}

describe("POST /v1/chat with edge routing", () => {
  it("answers an edge-answerable intent from its template and still records the turn centrally", async () => {
    const central = recordingCentral();
    const res = await postChat(app(central), { text: "hello there" });
    const reply = chatReplySchema.parse(await res.json());
    expect(reply.reply.text).toBe("Hello from the edge!");
    expect(reply.edge).toMatchObject({
      route: { route: "answer_locally", reason: "edge_answerable" },
      classification: { modelVersion: "m-1" },
    });
    const sent = inboundMessageSchema.parse(central.received[0]);
    expect(sent.classification).toMatchObject({
      intent: "greeting",
      confidence: 0.9,
      outOfScope: false,
      modelVersion: "m-1",
    });
    expect(sent.route).toEqual({
      route: "answer_locally",
      reason: "edge_answerable",
      reply: { text: "Hello from the edge!", provider: "edge-template" },
    });
  });

  it("streams the edge's answer as the one token, then central's done with the edge summary", async () => {
    const res = await postChat(app(recordingCentral()), { text: "hello there" }, { Accept: "text/event-stream" });
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(["token", "done"]);
    expect(events[0]?.data).toEqual({ text: "Hello from the edge!" });
  });

  it("sends the edge's token even when central cannot record the turn, then an error", async () => {
    const down = createFakeCentralClient({ failure: { code: "central_unavailable", message: "central is down" } });
    const events = await readEvents(await postChat(app(down), { text: "hello" }, { Accept: "text/event-stream" }));
    expect(events.map((e) => e.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({ code: "central_unavailable" });
  });

  it("hands a handoff intent to a human: tells the customer and records the decision centrally", async () => {
    const central = recordingCentral();
    const reply = chatReplySchema.parse(await (await postChat(app(central), { text: "fraud on my card" })).json());
    expect(reply.reply.text).toBe("A human will take over.");
    expect(central.received[0]?.route).toMatchObject({ route: "handoff", reply: { provider: "edge-handoff" } });
  });

  it("forwards other intents with their classification and lets central's model answer", async () => {
    const central = recordingCentral();
    const reply = chatReplySchema.parse(await (await postChat(app(central), { text: "what is my balance" })).json());
    expect(reply.reply.text).toBe("from the model");
    expect(central.received[0]).toMatchObject({
      classification: { intent: "balance" },
      route: { route: "forward", reason: "needs_central" },
    });
    expect(central.received[0]?.route?.reply).toBeUndefined();
  });

  it("forwards out-of-scope messages", async () => {
    const central = recordingCentral();
    await postChat(app(central), { text: "jupiter moons" });
    expect(central.received[0]?.route).toEqual({ route: "forward", reason: "out_of_scope" });
  });

  it("applies the tenant's own thresholds", async () => {
    const central = recordingCentral();
    await postChat(app(central), { tenantId: "strict", text: "hello" });
    expect(central.received[0]?.route).toEqual({ route: "forward", reason: "low_confidence" });
  });

  it("forwards everything, flagged, when the model is unavailable, never a 500", async () => {
    const central = recordingCentral();
    const res = await postChat(app(central, createFakeIntentClassifier("unavailable")), { text: "hello" });
    expect(res.status).toBe(200);
    const reply = chatReplySchema.parse(await res.json());
    expect(reply.edge).toEqual({
      classification: null,
      route: { route: "forward", reason: "model_unavailable" },
      modelUnavailable: true,
    });
    expect(central.received[0]?.classification).toBeUndefined();
    expect(central.received[0]?.route).toEqual({
      route: "forward",
      reason: "model_unavailable",
      modelUnavailable: true,
    });
  });
});
