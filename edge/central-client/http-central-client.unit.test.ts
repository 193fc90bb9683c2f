import { describe, expect, it } from "vitest";
import type { ChatStreamEvent } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { problem } from "../../shared/problem-details.js";
import { formatSse } from "../../shared/sse.js";
import { fakeReplyEvents } from "./fake-central-client.js";
import { createHttpCentralClient } from "./http-central-client.js";

const MESSAGE: InboundMessage = {
  tenantId: "demo",
  channel: "web",
  conversationId: "c-1",
  customerId: "visitor-c-1",
  channelMessageId: "m-1",
  text: "hello",
  receivedAt: "2026-11-23T10:00:00.000Z",
  correlationId: "corr-1",
};

type Handler = (request: Request, signal: AbortSignal | undefined) => Response | Promise<Response>;

/** A fake central behind an injected fetch: records requests and answers with `handler`. */
function fakeCentral(handler: Handler, timeoutMs = 1000) {
  const requests: Request[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const client = createHttpCentralClient({
    baseUrl: "http://central.fake/",
    edgeToken: "edge-token-0123456789",
    timeoutMs,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      signals.push(init?.signal ?? undefined);
      return handler(request, init?.signal ?? undefined);
    },
  });
  return { client, requests, signals };
}

/** A body that sends `chunks`, then either ends or stays open (never sends more) until aborted. */
function sseBody(chunks: string[], options: { hang?: boolean; signal?: AbortSignal } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!options.hang) controller.close();
      options.signal?.addEventListener("abort", () => controller.error(new Error("aborted")));
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
}

function never(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_resolve, reject) =>
    signal?.addEventListener("abort", () => reject(new Error("The operation was aborted"))),
  );
}

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function startAndCollect(client: ReturnType<typeof fakeCentral>["client"]) {
  const started = await client.startTurn(MESSAGE);
  if (!started.ok) throw new Error(`expected a stream, got ${started.error.code}`);
  return collect(started.value);
}

const replyText = fakeReplyEvents(MESSAGE, ["Hi", " you"])
  .map((event) => formatSse(event.event, event.data))
  .join("");

describe("createHttpCentralClient", () => {
  it("POSTs the message to /v1/turns with the edge token, JSON, SSE accept and the correlation id", async () => {
    const { client, requests } = fakeCentral(() => sseBody([replyText]));
    await startAndCollect(client);
    const request = requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://central.fake/v1/turns");
    expect(request.headers.get("Authorization")).toBe("Bearer edge-token-0123456789");
    expect(request.headers.get("Content-Type")).toBe("application/json");
    expect(request.headers.get("Accept")).toBe("text/event-stream");
    expect(request.headers.get("X-Correlation-Id")).toBe("corr-1");
    expect(await request.json()).toEqual(MESSAGE);
  });

  it("yields central's tokens and done event in order, even when split across chunks", async () => {
    const cut = replyText.length / 2;
    const { client } = fakeCentral(() =>
      sseBody([replyText.slice(0, 7), replyText.slice(7, cut), replyText.slice(cut)]),
    );
    expect(await startAndCollect(client)).toEqual(fakeReplyEvents(MESSAGE, ["Hi", " you"]));
  });

  it("yields central's error event as the final event", async () => {
    const failure = problem("model_unavailable", "down");
    const { client } = fakeCentral(() => sseBody([formatSse("token", { text: "a" }), formatSse("error", failure)]));
    expect(await startAndCollect(client)).toEqual([
      { event: "token", data: { text: "a" } },
      { event: "error", data: failure },
    ]);
  });

  it.each([
    ["data that is not JSON", "event: token\ndata: {nope\n\n"],
    ["data of the wrong shape", formatSse("token", { txt: "x" })],
    ["an unknown event name", formatSse("surprise", { text: "x" })],
  ])("ends with an upstream_failed error event on a malformed event (%s)", async (_label, bad) => {
    const { client } = fakeCentral(() =>
      sseBody([formatSse("token", { text: "a" }), bad, formatSse("token", { text: "b" })]),
    );
    const events = await startAndCollect(client);
    expect(events.map((event) => event.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({ code: "upstream_failed", status: 502 });
  });

  it("ends with an upstream_failed error event when the stream closes without done", async () => {
    const { client } = fakeCentral(() => sseBody([formatSse("token", { text: "a" })]));
    const events = await startAndCollect(client);
    expect(events[1]).toMatchObject({ event: "error", data: { code: "upstream_failed" } });
  });

  it("ends with a central_timeout error event when central goes silent mid-stream, aborting the request", async () => {
    const { client, signals } = fakeCentral(
      (_request, signal) => sseBody([formatSse("token", { text: "a" })], { hang: true, signal }),
      50,
    );
    const events = await startAndCollect(client);
    expect(events.map((event) => event.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({ code: "central_timeout" });
    expect(signals[0]?.aborted).toBe(true);
  });

  it("passes a 4xx problem from central through as upstream_failed carrying central's problem", async () => {
    const centralProblem = problem("validation_failed", "bad text", {
      issues: [{ path: "text", message: "too long" }],
    });
    const { client } = fakeCentral(() => Response.json(centralProblem, { status: 400 }));
    const started = await client.startTurn(MESSAGE);
    expect(started).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "upstream_failed", problem: centralProblem }),
    });
  });

  it.each([
    ["a 5xx problem", () => Response.json(problem("internal_error", "db"), { status: 500 }), true],
    ["a non-problem 502 page", () => new Response("<h1>Bad gateway</h1>", { status: 502 }), false],
    ["a 200 that is not an event stream", () => Response.json({ hello: "world" }), false],
  ])("reports upstream_failed for %s", async (_label, answer, hasProblem) => {
    const { client } = fakeCentral(answer);
    const started = await client.startTurn(MESSAGE);
    if (started.ok) throw new Error("expected a failure");
    expect(started.error.code).toBe("upstream_failed");
    expect(started.error.problem !== undefined).toBe(hasProblem);
  });

  it("reports central_unavailable when the connection fails", async () => {
    const { client } = fakeCentral(() => Promise.reject(new Error("Network connection lost.")));
    const started = await client.startTurn(MESSAGE);
    expect(started).toEqual({
      ok: false,
      error: { code: "central_unavailable", message: expect.stringContaining("Network connection lost.") },
    });
  });

  it("reports central_unavailable for a real refused connection in workerd", async () => {
    const client = createHttpCentralClient({
      baseUrl: "http://127.0.0.1:1",
      edgeToken: "edge-token-0123456789",
      timeoutMs: 2000,
    });
    const started = await client.startTurn(MESSAGE);
    expect(started.ok ? "ok" : started.error.code).toBe("central_unavailable");
  });

  it("reports central_timeout and aborts the fetch when central sends no headers in time", async () => {
    const { client, signals } = fakeCentral((_request, signal) => never(signal), 30);
    const startedAt = Date.now();
    const started = await client.startTurn(MESSAGE);
    expect(started.ok ? "ok" : started.error.code).toBe("central_timeout");
    expect(signals[0]?.aborted).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it("aborts the request to central when the caller's signal aborts", async () => {
    const caller = new AbortController();
    const { client, signals } = fakeCentral((_request, signal) =>
      sseBody([formatSse("token", { text: "a" })], { hang: true, signal }),
    );
    const started = await client.startTurn(MESSAGE, { signal: caller.signal });
    if (!started.ok) throw new Error("expected a stream");
    const iterator = started.value[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { event: "token", data: { text: "a" } } });
    caller.abort();
    expect(signals[0]?.aborted).toBe(true);
    expect((await iterator.next()).value).toMatchObject({ event: "error" });
  });
});
