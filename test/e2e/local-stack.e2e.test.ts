import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationEventsResponseSchema } from "../../shared/admin-api.js";
import { chatReplySchema, chatStreamEventSchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import { readSse } from "../../shared/sse.js";
import { freePort } from "../../scripts/stack/free-port.js";
import { startStack, type RunningStack } from "../../scripts/stack/start-stack.js";
import { CHROMIUM_ARGS, chromiumMissingReason, chromiumPath } from "../support/chromium.js";
import { missingServicePolicy } from "../support/require-service.js";

let stack: RunningStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "frontdesk-e2e-"));
  const { GEMINI_API_KEY: _ignored, DATABASE_URL: _alsoIgnored, ...env } = process.env;
  stack = await startStack({
    centralPort: await freePort(),
    edgePort: await freePort(),
    inspectorPort: await freePort(),
    dataDir,
    centralEnv: env,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The conversation's log once it holds `count` events (an edge-answered turn is recorded from the queue, later). */
async function eventually(conversationId: string, count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(`${stack.centralUrl}/v1/admin/tenants/demo/conversations/${conversationId}/events`, {
      headers: { Authorization: `Bearer ${stack.adminToken}` },
    });
    // 404 until the queue consumer has recorded the turn.
    if (response.status !== 404 || Date.now() > deadline) {
      expect(response.status).toBe(200);
      const log = conversationEventsResponseSchema.parse(await response.json());
      if (log.events.length >= count || Date.now() > deadline) return log;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function readConversation(conversationId: string) {
  const response = await fetch(`${stack.centralUrl}/v1/admin/tenants/demo/conversations/${conversationId}/events`, {
    headers: { Authorization: `Bearer ${stack.adminToken}` },
  });
  expect(response.status).toBe(200);
  return conversationEventsResponseSchema.parse(await response.json());
}

describe("the local stack (central + edge in workerd via wrangler dev)", () => {
  it("streams a reply via the edge; records message, classification and reply with the correlation id", async () => {
    const correlationId = `e2e-${Date.now()}`;
    const response = await fetch(`${stack.edgeUrl}/v1/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-Correlation-Id": correlationId },
      body: JSON.stringify({ text: "Where is my order #123?" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-correlation-id")).toBe(correlationId);

    const events: ChatStreamEvent[] = [];
    for await (const message of readSse(response.body!)) {
      events.push(chatStreamEventSchema.parse({ event: message.event, data: JSON.parse(message.data) }));
    }
    const tokens = events.filter((event) => event.event === "token");
    const last = events.at(-1);
    expect(tokens.length).toBeGreaterThan(1);
    expect(last?.event).toBe("done");
    if (last?.event !== "done") return;
    expect(last.data.correlationId).toBe(correlationId);
    expect(last.data.reply.offline).toBe(true);
    expect(tokens.map((event) => (event.event === "token" ? event.data.text : "")).join("")).toBe(last.data.reply.text);

    expect(last.data.conversationId).toMatch(/^web-/);
    const log = await readConversation(last.data.conversationId);
    expect(log.events.map((event) => event.type)).toEqual(["message.received", "intent.classified", "reply.sent"]);
    for (const event of log.events) expect(event.metadata.correlationId).toBe(correlationId);
    expect(log.events[0]?.eventId).toBe(last.data.events.messageReceived);
    // The edge's classification and decision, with the model version that answered, are on the turn's events.
    const modelVersion = last.data.edge?.classification?.modelVersion;
    expect(modelVersion).toMatch(/^intents-/);
    expect(log.events[1]?.metadata.modelVersion).toBe(modelVersion);
    expect(log.events[1]?.data).toMatchObject({ modelVersion, route: "forward" });
    expect(log.events[2]?.metadata.causationId).toBe(last.data.events.messageReceived);
    expect(log.events[2]?.data.text).toBe(last.data.reply.text);
  });

  it("answers JSON without streaming, and a retried message runs once", async () => {
    const send = (token?: string) =>
      fetch(`${stack.edgeUrl}/v1/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ clientMessageId: "m-retry-1", text: "Where is my order #456?" }),
      });
    const first = chatReplySchema.parse(await (await send()).json());
    const second = chatReplySchema.parse(await (await send(first.conversationToken)).json());
    expect(second.conversationId).toBe(first.conversationId);
    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(true);
    expect(second.reply.text).toBe(first.reply.text);
  });

  it("answers a greeting at the edge at once; central records it via the queue once, though sent twice", async () => {
    const send = (token?: string) =>
      fetch(`${stack.edgeUrl}/v1/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ clientMessageId: "m-hello-1", text: "Hello" }),
      });
    const first = chatReplySchema.parse(await (await send()).json());
    const second = chatReplySchema.parse(await (await send(first.conversationToken)).json());
    expect(first.reply.provider).toBe("edge-template");
    expect(first.edge?.route).toEqual({ route: "answer_locally", reason: "edge_answerable" });
    expect(second.events).toEqual(first.events);
    const log = await eventually(first.conversationId, 3);
    expect(log.events.map((event) => event.type)).toEqual(["message.received", "intent.classified", "reply.sent"]);
    expect(log.events[0]?.eventId).toBe(first.events.messageReceived);
    expect(log.events[2]?.eventId).toBe(first.events.replySent);
  });

  it("hands a fraud report to a human and records the escalation", async () => {
    const response = await fetch(`${stack.edgeUrl}/v1/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "I need to report fraud on my account" }),
    });
    const reply = chatReplySchema.parse(await response.json());
    expect(reply.edge?.route.route).toBe("handoff");
    expect(reply.reply.provider).toBe("edge-handoff");
    const types = (await eventually(reply.conversationId, 4)).events.map((event) => event.type);
    expect(types).toEqual(["message.received", "intent.classified", "conversation.escalated", "reply.sent"]);
  });

  it("refuses to write into a conversation named in the body, or as a customer named in the body", async () => {
    const post = (body: object) =>
      fetch(`${stack.edgeUrl}/v1/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const named = await post({ conversationId: "wa-155535501060", text: "cancel order 55" });
    expect(named.status).toBe(401);
    expect(await named.json()).toMatchObject({ code: "conversation_token_required" });
    const customer = await post({ customerId: "wa-155535501060", text: "cancel order 55" });
    expect(customer.status).toBe(400);
    expect(await customer.json()).toMatchObject({ code: "field_not_accepted" });
  });

  it("rejects a malformed chat body with a problem-details 400", async () => {
    const response = await fetch(`${stack.edgeUrl}/v1/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_failed", status: 400 });
  });

  it("runs the summary cache as an in-memory Upstash-REST dev server on loopback", async () => {
    expect(stack.summaryCache).toMatchObject({
      kind: "memory",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const redis = new Redis({ url: stack.summaryCache.url, token: stack.summaryCache.token, enableTelemetry: false });
    expect(await redis.ping()).toBe("PONG");
  });

  it("refuses the admin read without the admin token", async () => {
    const response = await fetch(`${stack.centralUrl}/v1/admin/tenants/demo/conversations/c-e2e-1/events`, {
      headers: { Authorization: `Bearer ${stack.edgeToken}` },
    });
    expect(response.status).toBe(401);
  });
});

const browserPolicy = missingServicePolicy("Chromium", chromiumMissingReason());

describe.skipIf(browserPolicy.skip)("the demo chat page in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  it("sends a message, streams the reply into the page and keeps the conversation for the next one", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.edgeUrl}/`);
    await page.fill("#message", "Can I change my delivery address?");
    await page.click("#send");
    const firstReply = page.locator(".msg.bot").first();
    await firstReply.waitFor();
    await page.locator('.msg.bot[data-state="done"]').first().waitFor({ timeout: 15_000 });
    expect(await firstReply.textContent()).toContain("offline");
    const conversationId = await page.evaluate(() => document.body.dataset.conversationId);
    expect(conversationId).toBeTruthy();

    await page.fill("#message", "Thanks!");
    await page.keyboard.press("Enter");
    await page.locator('.msg.bot[data-state="done"]').nth(1).waitFor({ timeout: 15_000 });
    expect(await page.locator(".msg.customer").count()).toBe(2);

    // "Thanks!" may be answered at the edge, and such a turn is recorded through the queue, shortly after the reply.
    let types: string[] = [];
    for (let waited = 0; waited < 15_000 && types.length < 6; waited += 250) {
      types = (await readConversation(conversationId!)).events.map((event) => event.type);
      if (types.length < 6) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(types).toEqual([
      "message.received",
      "intent.classified",
      "reply.sent",
      "message.received",
      "intent.classified",
      "reply.sent",
    ]);
    await page.close();
  });
});
