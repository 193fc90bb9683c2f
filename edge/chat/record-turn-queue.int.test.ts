import {
  createExecutionContext,
  createMessageBatch,
  env as testEnv,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chatReplySchema, type ChatReply } from "../../shared/chat-api.js";
import { inboundMessageSchema, type InboundMessage } from "../../shared/message-envelope.js";
import { formatSse } from "../../shared/sse.js";
import { turnEventIdsOf } from "../../shared/turn-event-ids.js";
import worker from "../index.js";
import { recordTurnJobSchema, type RecordTurnJob } from "./record-turn-job.js";

/** The test pool's real CHANNEL_QUEUE producer, with every body it was sent kept for the test. */
function spiedQueue(): { queue: Queue; sent: unknown[] } {
  const sent: unknown[] = [];
  const real = testEnv.CHANNEL_QUEUE;
  const send = async (body: unknown, options?: QueueSendOptions) => {
    sent.push(body);
    await real.send(body, options);
  };
  const queue = new Proxy(real, {
    get: (target, property) => {
      if (property === "send") return send;
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { queue, sent };
}

/** The Worker's env: central at a host that does not resolve unless a test answers for it. */
function envWith(queue: Queue): Env {
  return {
    ...testEnv,
    CENTRAL_URL: "http://central.test",
    UPSTASH_REDIS_REST_URL: "",
    CHANNELS_CONFIG: "",
    CHANNEL_QUEUE: queue,
  };
}

/** Central's /v1/turns as the real turn service answers an edge-answered turn: the reply recorded under its ids. */
async function centralRecording(message: InboundMessage): Promise<Response> {
  const ids = await turnEventIdsOf(message);
  const done: ChatReply = {
    tenantId: message.tenantId,
    conversationId: message.conversationId,
    customerId: message.customerId,
    messageId: message.channelMessageId,
    correlationId: message.correlationId,
    reply: {
      text: message.route?.reply?.text ?? "",
      provider: "edge-template",
      model: "m",
      offline: false,
      usage: null,
    },
    events: ids,
    replayed: false,
  };
  const body = formatSse("token", { text: done.reply.text }) + formatSse("done", done);
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
}

afterEach(() => vi.restoreAllMocks());

async function consume(job: RecordTurnJob, env: Env, attempts = 1) {
  const batch = createMessageBatch<RecordTurnJob>("frontdesk-channel-jobs", [
    { id: `j-${attempts}`, timestamp: new Date(), attempts, body: job },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

// The first greeting loads the shipped intent model, which takes seconds on a busy machine.
describe("edge Worker: local answers are recorded through the queue (composition root)", { timeout: 60_000 }, () => {
  it("answers a greeting at once with central down, queues the turn, and records it once central is back", async () => {
    const { queue, sent } = spiedQueue();
    const env = envWith(queue);
    const centralCalls: InboundMessage[] = [];
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    // Central is down: any call to it fails (and is counted).
    fetchSpy.mockImplementation(async (input, init) => {
      if (String(input instanceof Request ? input.url : input).startsWith("http://central.test/")) {
        centralCalls.push(inboundMessageSchema.parse(JSON.parse(String(init?.body))));
        throw new TypeError("central is down");
      }
      return realFetch(input, init);
    });
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://edge.test/v1/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ clientMessageId: "m-1", text: "hello there, good morning" }),
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const reply = chatReplySchema.parse(await res.json());
    expect(reply.reply.text).toBe("Hello! How can I help you today?");
    expect(centralCalls).toEqual([]);
    expect(sent).toHaveLength(1);
    const job = recordTurnJobSchema.parse(sent[0]);
    expect(job.message).toMatchObject({ conversationId: reply.conversationId, channelMessageId: "m-1" });

    // Central still down: the job is retried, not dropped.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const whileDown = await consume(job, env);
    expect(whileDown.explicitAcks).toEqual([]);
    expect(whileDown.retryMessages).toEqual([expect.objectContaining({ msgId: "j-1" })]);

    // Central is back: the job is recorded and acknowledged; a redelivery sends the very same message (same ids).
    fetchSpy.mockImplementation(async (input, init) => {
      const message = inboundMessageSchema.parse(JSON.parse(String(init?.body)));
      centralCalls.push(message);
      return centralRecording(message);
    });
    for (const attempts of [2, 3]) {
      const result = await consume(job, env, attempts);
      expect(result.explicitAcks).toEqual([`j-${attempts}`]);
    }
    expect(centralCalls).toHaveLength(3);
    const recorded = centralCalls.slice(1);
    expect(recorded[0]).toEqual(recorded[1]);
    expect(await turnEventIdsOf(recorded[0]!)).toEqual(reply.events);
    expect(recorded[0]?.route?.reply?.text).toBe(reply.reply.text);
  });

  it("drops (and logs) a queued turn central refuses as invalid, which no retry can fix", async () => {
    const { queue } = spiedQueue();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json(
        { type: "x", title: "x", status: 400, code: "validation_failed" },
        { status: 400, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const job: RecordTurnJob = {
      kind: "record_turn",
      message: {
        tenantId: "demo",
        channel: "web",
        conversationId: "web-q-1",
        customerId: "visitor-web-q-1",
        customerVerified: false,
        channelMessageId: "m-9",
        text: "hello",
        receivedAt: "2026-11-23T10:00:00.000Z",
        correlationId: "corr-q",
      },
    };
    const result = await consume(job, envWith(queue));
    expect(result.explicitAcks).toEqual(["j-1"]);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining("central refused to record turn demo/web-q-1/m-9 (400)"),
    );
  });
});
