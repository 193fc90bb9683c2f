import { describe, expect, it } from "vitest";
import { chatReplySchema } from "../../shared/chat-api.js";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { problem, problemDetailsSchema } from "../../shared/problem-details.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { postChat, TEST_NOW, testApp } from "./testing/chat-helpers.js";

const echo = () => createFakeCentralClient((message) => ({ events: fakeReplyEvents(message, ["Hello", " there"]) }));

describe("POST /v1/chat (JSON)", () => {
  it("answers 200 with central's ChatReply", async () => {
    const res = await postChat(testApp(echo()), { text: "hi" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const reply = chatReplySchema.parse(await res.json());
    expect(reply.reply.text).toBe("Hello there");
    expect(reply.conversationId).toBe("web-id-1");
    expect(reply.conversationToken).toMatch(/^fdc1\.[\w-]+\.[\w-]+$/);
    expect(reply.customerVerified).toBe(false);
  });

  it("sends central an InboundMessage: an edge-issued web conversation, an anonymous unverified visitor", async () => {
    const central = echo();
    await postChat(testApp(central), { text: "  where is my order?  " }, { "X-Correlation-Id": "corr-42" });
    expect(central.received).toHaveLength(1);
    const message = inboundMessageSchema.parse(central.received[0]);
    expect(message).toEqual({
      tenantId: "demo",
      channel: "web",
      conversationId: "web-id-1",
      customerId: "visitor-web-id-1",
      customerVerified: false,
      channelMessageId: "id-2",
      text: "where is my order?",
      receivedAt: TEST_NOW.toISOString(),
      correlationId: "corr-42",
    });
  });

  it("continues the conversation of the token it is sent with, keeping the client's message id", async () => {
    const central = echo();
    const app = testApp(central);
    const first = chatReplySchema.parse(await (await postChat(app, { tenantId: "acme", text: "hi" })).json());
    const res = await postChat(
      app,
      { clientMessageId: "m-1", text: "and again" },
      { Authorization: `Bearer ${first.conversationToken}` },
    );
    expect(res.status).toBe(200);
    expect(central.received[1]).toMatchObject({
      tenantId: "acme",
      conversationId: first.conversationId,
      customerId: `visitor-${first.conversationId}`,
      channelMessageId: "m-1",
    });
  });

  it("answers the problem of a stream that ends with an error, with its status", async () => {
    const central = createFakeCentralClient({
      events: [
        { event: "token", data: { text: "He" } },
        { event: "error", data: problem("model_unavailable", "model down") },
      ],
    });
    const res = await postChat(testApp(central), { text: "hi" }, { "X-Correlation-Id": "corr-9" });
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      code: "model_unavailable",
      detail: "model down",
      correlationId: "corr-9",
      instance: "/v1/chat",
    });
  });
});

describe("POST /v1/chat (request validation)", () => {
  it("rejects a schema violation with 400 validation_failed and the issues", async () => {
    const central = echo();
    const res = await postChat(testApp(central), { tenantId: "bad tenant", text: "   " });
    expect(res.status).toBe(400);
    const body = problemDetailsSchema.parse(await res.json());
    expect(body.code).toBe("validation_failed");
    expect(body.issues?.map((issue) => issue.path).sort()).toEqual(["tenantId", "text"]);
    expect(central.received).toHaveLength(0);
  });

  it("rejects malformed JSON with 400 malformed_json", async () => {
    const res = await postChat(testApp(echo()), '{"text": "hi"');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "malformed_json", instance: "/v1/chat" });
  });

  it("rejects a non-JSON content type with 415", async () => {
    const res = await postChat(testApp(echo()), "text=hi", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: "unsupported_media_type" });
  });

  it("accepts a JSON content type with a charset parameter", async () => {
    const res = await postChat(testApp(echo()), { text: "hi" }, { "Content-Type": "Application/JSON; charset=utf-8" });
    expect(res.status).toBe(200);
  });

  it("rejects a body over 16 KiB with 413", async () => {
    const central = echo();
    const res = await postChat(testApp(central), { text: "hi", padding: "x".repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
    expect(central.received).toHaveLength(0);
  });

  it("rejects an oversized streamed body that declares no Content-Length, by counting its bytes", async () => {
    const chunk = new TextEncoder().encode("x".repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const app = testApp(echo());
    const res = await app.request("/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(8);
  });
});

describe("POST /v1/chat (central failures before the stream)", () => {
  it("answers 503 central_unavailable with Retry-After when central is unreachable", async () => {
    const central = createFakeCentralClient({
      failure: { code: "central_unavailable", message: "connection refused" },
    });
    const res = await postChat(
      testApp(central),
      { text: "hi" },
      { Accept: "text/event-stream", "X-Correlation-Id": "c-503" },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      code: "central_unavailable",
      retryAfterSeconds: 5,
      correlationId: "c-503",
      instance: "/v1/chat",
    });
  });

  it("answers 504 central_timeout with a retry hint when central is too slow", async () => {
    const central = createFakeCentralClient({ failure: { code: "central_timeout", message: "no answer in 2000 ms" } });
    const res = await postChat(testApp(central), { text: "hi" });
    expect(res.status).toBe(504);
    expect(res.headers.get("Retry-After")).toBe("5");
  });

  it("passes through a 4xx problem from central with its status and code", async () => {
    const central = createFakeCentralClient({
      failure: { code: "upstream_failed", message: "central 400", problem: problem("validation_failed", "bad tenant") },
    });
    const res = await postChat(testApp(central), { text: "hi" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed", detail: "bad tenant", instance: "/v1/chat" });
  });

  it.each([
    ["a 5xx problem", problem("internal_error", "db down")],
    ["a 401 about the edge's own token", problem("unauthorized", "wrong edge token")],
  ])("answers 502 upstream_failed for %s from central", async (_label, centralProblem) => {
    const central = createFakeCentralClient({
      failure: { code: "upstream_failed", message: "central failed", problem: centralProblem },
    });
    const res = await postChat(testApp(central), { text: "hi" });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ code: "upstream_failed", detail: "central failed" });
  });
});
