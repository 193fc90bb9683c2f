import { beforeAll, describe, expect, it } from "vitest";
import { conversationEventsResponseSchema } from "../shared/admin-api.js";
import { chatStreamEventSchema, type ChatStreamEvent } from "../shared/chat-api.js";
import { problemDetailsSchema } from "../shared/problem-details.js";
import { readSse } from "../shared/sse.js";
import { inboundMessage } from "../test/support/inbound-message.js";
import {
  createScriptedFakeLlmProvider,
  fakeReply,
  type ScriptedFakeLlmProvider,
} from "../test/support/scripted-fake-llm-provider.js";
import { usePgliteDatabase } from "../test/support/test-database.js";
import { unusedErasure } from "../test/support/unused-erasure.js";
import { createCentralApp } from "./app.js";
import { createDrizzleEventStore } from "./event-store/drizzle-event-store.js";
import { createTurnService } from "./turns/turn-service.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";
const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const edgeAuth = { authorization: `Bearer ${EDGE_TOKEN}` };
const adminAuth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const handle = usePgliteDatabase();
let llm: ScriptedFakeLlmProvider;
let app: ReturnType<typeof createCentralApp>;

beforeAll(() => {
  const database = handle.database;
  const clock = () => new Date();
  const eventStore = createDrizzleEventStore(database.db, clock);
  llm = createScriptedFakeLlmProvider({
    name: "fake",
    model: "fake-model",
    script: () => fakeReply("Your order ships today."),
  });
  const turns = createTurnService({ eventStore, llm, clock, historyTurns: 20 });
  app = createCentralApp({
    tokens: { edge: EDGE_TOKEN, admin: ADMIN_TOKEN },
    turns,
    eventStore,
    erasure: unusedErasure,
    database,
    llm,
    clock,
  });
});

function postTurn(body: unknown, headers: Record<string, string> = edgeAuth): Promise<Response> {
  return Promise.resolve(
    app.request("/v1/turns", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function streamed(response: Response): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  if (!response.body) throw new Error("no body");
  for await (const { event, data } of readSse(response.body))
    events.push(chatStreamEventSchema.parse({ event, data: JSON.parse(data) }));
  return events;
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = problemDetailsSchema.parse(await response.json());
  expect(body.code).toBe(code);
  return body;
}

describe("GET /healthz", () => {
  it("reports the database kind and the model provider", async () => {
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      service: "central",
      database: "pglite",
      llm: { provider: "fake", model: "fake-model", offline: false },
    });
  });
});

describe("POST /v1/turns", () => {
  it("rejects a missing, wrong or admin token with 401", async () => {
    for (const headers of [
      {},
      { authorization: "Bearer wrong-token-0123456789" },
      adminAuth,
      { authorization: EDGE_TOKEN },
    ]) {
      const response = await postTurn(inboundMessage(), headers);
      await expectProblem(response, 401, "unauthorized");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("rejects a body that is not JSON with 415", async () => {
    const response = await app.request("/v1/turns", {
      method: "POST",
      headers: { ...edgeAuth, "content-type": "text/plain" },
      body: "hi",
    });
    await expectProblem(response, 415, "unsupported_media_type");
  });

  it("rejects malformed JSON with 400 malformed_json", async () => {
    await expectProblem(await postTurn("{not json"), 400, "malformed_json");
  });

  it("rejects an invalid message with 400 validation_failed listing the fields", async () => {
    const body = await expectProblem(
      await postTurn({ ...inboundMessage(), text: "  ", tenantId: "a:b" }),
      400,
      "validation_failed",
    );
    expect(body.issues?.map((issue) => issue.path).sort()).toEqual(["tenantId", "text"]);
  });

  it("rejects an oversized body with 413", async () => {
    await expectProblem(await postTurn({ ...inboundMessage(), text: "x".repeat(70_000) }), 413, "payload_too_large");
  });

  it("streams a turn whose two events are then readable through the admin API with one correlation id", async () => {
    const message = inboundMessage({
      conversationId: "conv-stream",
      channelMessageId: "m-stream",
      correlationId: "corr-stream",
    });

    const response = await postTurn(message);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-correlation-id")).toBe("corr-stream");
    const events = await streamed(response);
    expect(
      events
        .filter((event) => event.event === "token")
        .map((event) => event.data.text)
        .join(""),
    ).toBe("Your order ships today.");
    const done = events.at(-1);
    if (done?.event !== "done") throw new Error(`expected done, got ${JSON.stringify(done)}`);
    expect(done.data).toMatchObject({
      replayed: false,
      correlationId: "corr-stream",
      reply: { provider: "fake", model: "fake-model-001" },
    });

    const admin = await app.request("/v1/admin/tenants/acme/conversations/conv-stream/events", { headers: adminAuth });
    expect(admin.status).toBe(200);
    const body = conversationEventsResponseSchema.parse(await admin.json());
    expect(body.stream).toBe("conversation:acme:conv-stream");
    expect(body.events.map((event) => [event.type, event.eventId, event.metadata.correlationId])).toEqual([
      ["message.received", done.data.events.messageReceived, "corr-stream"],
      ["reply.sent", done.data.events.replySent, "corr-stream"],
    ]);
    expect(body.events[1]?.metadata.causationId).toBe(done.data.events.messageReceived);
  });

  it("replays a retried turn without calling the model again", async () => {
    const message = inboundMessage({ conversationId: "conv-retry", channelMessageId: "m-retry" });
    const first = await streamed(await postTurn(message));
    const calls = llm.requests.length;

    const retried = await streamed(await postTurn(message));

    expect(llm.requests.length).toBe(calls);
    expect(retried.map((event) => event.event)).toEqual(["token", "done"]);
    const [firstDone, retryDone] = [first.at(-1), retried.at(-1)];
    expect(retryDone?.event === "done" && retryDone.data.replayed).toBe(true);
    expect(retryDone?.event === "done" && retryDone.data.events).toEqual(
      firstDone?.event === "done" && firstDone.data.events,
    );
    const admin = await app.request("/v1/admin/tenants/acme/conversations/conv-retry/events", { headers: adminAuth });
    expect(conversationEventsResponseSchema.parse(await admin.json()).events).toHaveLength(2);
  });
});

describe("POST /v1/turns with a message id reused in another conversation", () => {
  it("records it as another message in that conversation; a retry there replays its reply", async () => {
    const inA = inboundMessage({ conversationId: "conv-a-1", channelMessageId: "same-1", text: "hi" });
    const inB = { ...inA, conversationId: "conv-b-1", correlationId: "corr-b" };
    const doneOf = (events: ChatStreamEvent[]) => {
      const last = events.at(-1);
      if (last?.event !== "done") throw new Error(`expected done, got ${JSON.stringify(last)}`);
      return last.data;
    };
    const first = doneOf(await streamed(await postTurn(inA)));

    const second = doneOf(await streamed(await postTurn(inB)));
    const retried = doneOf(await streamed(await postTurn({ ...inB, correlationId: "corr-b-retry" })));

    expect([first.replayed, second.replayed, retried.replayed]).toEqual([false, false, true]);
    expect(second).toMatchObject({ conversationId: "conv-b-1", correlationId: "corr-b" });
    expect(second.events.messageReceived).not.toBe(first.events.messageReceived);
    expect(retried.events).toEqual(second.events);
    const admin = await app.request("/v1/admin/tenants/acme/conversations/conv-b-1/events", { headers: adminAuth });
    const recorded = conversationEventsResponseSchema.parse(await admin.json()).events;
    expect(recorded.map((event) => [event.type, event.eventId, event.metadata.correlationId])).toEqual([
      ["message.received", second.events.messageReceived, "corr-b"],
      ["reply.sent", second.events.replySent, "corr-b"],
    ]);
  });
});

describe("GET /v1/admin/tenants/:tenantId/conversations/:conversationId/events", () => {
  const path = "/v1/admin/tenants/acme/conversations/conv-1/events";

  it("rejects a missing token and the edge token with 401", async () => {
    await expectProblem(await app.request(path), 401, "unauthorized");
    await expectProblem(await app.request(path, { headers: edgeAuth }), 401, "unauthorized");
  });

  it("answers 404 not_found for a conversation without events", async () => {
    await expectProblem(
      await app.request("/v1/admin/tenants/acme/conversations/nobody-here/events", { headers: adminAuth }),
      404,
      "not_found",
    );
  });

  it("rejects ids outside the id alphabet with 400 validation_failed", async () => {
    const response = await app.request("/v1/admin/tenants/acme/conversations/a%3Ab/events", { headers: adminAuth });
    const body = await expectProblem(response, 400, "validation_failed");
    expect(body.issues?.[0]?.path).toBe("conversationId");
  });
});

describe("unknown routes", () => {
  it("answer a 404 problem with a correlation id", async () => {
    const response = await app.request("/nope", { headers: { "x-correlation-id": "corr-404" } });
    const body = await expectProblem(response, 404, "not_found");
    expect(body.correlationId).toBe("corr-404");
    expect(response.headers.get("x-correlation-id")).toBe("corr-404");
  });
});
