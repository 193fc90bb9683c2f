import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatReplySchema, chatRequestSchema } from "../../shared/chat-api.js";
import { edgeRoutingSchema } from "../../shared/edge-routing.js";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { hasUnstorableText, hostileText, printable } from "../../test/support/hostile-text.js";
import { createEdgeApp, type EdgeApp } from "../app.js";
import {
  createFakeCentralClient,
  fakeReplyEvents,
  type FakeCentralClient,
} from "../central-client/fake-central-client.js";
import { createFakeIntentClassifier } from "../intent/fake-intent-classifier.js";
import { postChat, readEvents, TEST_NOW } from "./testing/chat-helpers.js";

const RUNS = 150;

const routing = edgeRoutingSchema.parse({
  default: { answers: { greeting: "Hello from the edge!" }, handoffIntents: ["report_fraud"] },
});
/** Picks an intent from the text's length, so every route (edge answer, handoff, forward) is exercised. */
const byLength = (text: string) =>
  [
    { intent: "greeting", confidence: 0.9, outOfScope: false, modelVersion: "m-1" },
    { intent: "report_fraud", confidence: 0.8, outOfScope: false, modelVersion: "m-1" },
    { intent: "balance", confidence: 0.95, outOfScope: false, modelVersion: "m-1" },
  ][text.length % 3]!;

/** The edge with (or without) routing, around a fake central that answers `pieces` (default: it echoes the text). */
function edge(options: { routed: boolean; pieces?: string[] }): { app: EdgeApp; central: FakeCentralClient } {
  const central = createFakeCentralClient((message) => ({
    events: fakeReplyEvents(message, options.pieces ?? [message.route?.reply?.text ?? message.text]),
  }));
  let next = 0;
  const app = createEdgeApp({
    central,
    now: () => TEST_NOW,
    newId: () => `id-${++next}`,
    ...(options.routed
      ? { routing: { intents: { versions: ["m-1"], forTenant: () => createFakeIntentClassifier(byLength) }, routing } }
      : {}),
  });
  return { app, central };
}

/** A chat body: each field missing, a valid value, hostile text or any JSON; sometimes not an object at all. */
const chatBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      Object.fromEntries(
        ["tenantId", "conversationId", "customerId", "clientMessageId", "text"].map((key) => [
          key,
          fc.oneof(fc.constantFrom("demo", "conv-1", "m-1"), hostileText(), fc.jsonValue()),
        ]),
      ),
      { requiredKeys: [] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ text: hostileText({ maxLength: 60 }) }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

describe("POST /v1/chat under full-Unicode input (property)", () => {
  it("never 5xx; refuses what schema or web identity refuse, forwarding nothing; forwards the rest once", async () => {
    await fc.assert(
      fc.asyncProperty(chatBody, fc.boolean(), fc.boolean(), async (body, sse, routed) => {
        const { app, central } = edge({ routed });
        const expected = chatRequestSchema.safeParse(body);
        const response = await postChat(app, JSON.stringify(body), sse ? { Accept: "text/event-stream" } : {});
        expect(response.status).toBeLessThan(500);
        if (!expected.success) {
          expect(response.status).toBe(400);
          expect(problemDetailsSchema.parse(await response.json()).code).toBe("validation_failed");
          expect(central.received.length).toBe(0);
          return;
        }
        // The body may never name the customer, nor a conversation without its token.
        const refusal =
          expected.data.customerId !== undefined
            ? { status: 400, code: "field_not_accepted" }
            : expected.data.conversationId !== undefined
              ? { status: 401, code: "conversation_token_required" }
              : null;
        if (refusal) {
          expect(response.status).toBe(refusal.status);
          expect(problemDetailsSchema.parse(await response.json()).code).toBe(refusal.code);
          expect(central.received.length).toBe(0);
          return;
        }
        expect(response.status).toBe(200);
        const events = sse ? await readEvents(response) : [];
        if (sse) expect(events.at(-1)?.event).toBe("done");
        else chatReplySchema.parse(await response.json());
        expect(central.received.length).toBe(1);
        // What the edge forwards is what central's contract accepts, with the text the client sent.
        expect(printable(inboundMessageSchema.parse(central.received[0]).text)).toBe(printable(expected.data.text));
      }),
      { numRuns: RUNS },
    );
  });

  it("answers any bytes that are not a valid body with a 4xx problem and forwards only valid messages", async () => {
    const { app, central } = edge({ routed: true });
    const encoder = new TextEncoder();
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      // Hostile text spliced raw (unescaped: NUL and controls are invalid in JSON strings) into a chat body.
      hostileText().map((text) => encoder.encode(`{"text":"${text}"}`)),
      hostileText().map((text) => encoder.encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (body) => {
        const sent = central.received.length;
        const response = await app.request("/v1/chat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get("Content-Type")).toBe("application/problem+json");
          expect(central.received.length).toBe(sent);
        } else {
          expect(central.received.length).toBe(sent + 1);
          inboundMessageSchema.parse(central.received.at(-1));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("carries any reply text intact to the client, in JSON and in the event stream", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText({ minLength: 1 }), { minLength: 1, maxLength: 5 }), async (pieces) => {
        const json = await postChat(edge({ routed: false, pieces }).app, { text: "hi" });
        expect(json.status).toBe(200);
        expect(printable(chatReplySchema.parse(await json.json()).reply.text)).toBe(printable(pieces.join("")));

        const stream = await postChat(
          edge({ routed: false, pieces }).app,
          { text: "hi" },
          { Accept: "text/event-stream" },
        );
        const events = await readEvents(stream);
        const tokens = events.flatMap((event) => (event.event === "token" ? [event.data.text] : []));
        expect(printable(tokens)).toBe(printable(pieces));
        expect(events.at(-1)?.event).toBe("done");
      }),
      { numRuns: RUNS },
    );
  });

  it("draws NUL and lone surrogates often (the generator itself is checked)", () => {
    const samples = fc.sample(hostileText({ minLength: 1 }), 500);
    expect(samples.filter((text) => text.includes("\u0000")).length).toBeGreaterThan(10);
    expect(samples.filter((text) => hasUnstorableText(text) && !text.includes("\u0000")).length).toBeGreaterThan(10);
  });
});
