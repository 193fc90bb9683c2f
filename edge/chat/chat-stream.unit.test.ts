import { describe, expect, it, vi } from "vitest";
import { chatReplySchema, type ChatStreamEvent } from "../../shared/chat-api.js";
import { problem } from "../../shared/problem-details.js";
import { ok } from "../../shared/result.js";
import { formatSse } from "../../shared/sse.js";
import type { CentralClient } from "../central-client/central-client.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { createHttpCentralClient } from "../central-client/http-central-client.js";
import { postChat, readEvents, testApp } from "./testing/chat-helpers.js";

const SSE = { Accept: "text/event-stream" };

describe("POST /v1/chat (Accept: text/event-stream)", () => {
  it("relays central's tokens in order, then the done reply", async () => {
    const central = createFakeCentralClient((message) => ({
      events: fakeReplyEvents(message, ["Hel", "lo", " there"]),
    }));
    const res = await postChat(testApp(central), { text: "hi" }, { ...SSE, "X-Correlation-Id": "sse-1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    expect(res.headers.get("X-Correlation-Id")).toBe("sse-1");
    const events = await readEvents(res);
    expect(events.map((event) => event.event)).toEqual(["token", "token", "token", "done"]);
    expect(events.slice(0, 3).map((event) => (event.event === "token" ? event.data.text : ""))).toEqual([
      "Hel",
      "lo",
      " there",
    ]);
    const done = chatReplySchema.parse(events[3]?.data);
    expect(done).toMatchObject({ conversationId: "web-id-1", correlationId: "sse-1", reply: { text: "Hello there" } });
  });

  it("delivers each token before central has produced the next one", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const central: CentralClient = {
      async startTurn(message) {
        const [first, ...rest] = fakeReplyEvents(message, ["first", " second"]);
        return ok(
          (async function* () {
            if (first) yield first;
            await gate;
            yield* rest;
          })(),
        );
      },
    };
    const res = await postChat(testApp(central), { text: "hi" }, SSE);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const firstChunk = await reader.read();
    expect(firstChunk.value).toBe('event: token\ndata: {"text":"first"}\n\n');
    release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toMatch(/^event: token\ndata: \{"text":" second"\}\n\nevent: done\n/);
  });

  it("turns an error from central mid-stream into a final error event carrying the correlation id", async () => {
    const central = createFakeCentralClient({
      events: [
        { event: "token", data: { text: "Hel" } },
        { event: "error", data: problem("model_unavailable", "model down") },
      ],
    });
    const res = await postChat(testApp(central), { text: "hi" }, { ...SSE, "X-Correlation-Id": "mid-1" });
    expect(res.status).toBe(200);
    const events = await readEvents(res);
    expect(events.map((event) => event.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({
      code: "model_unavailable",
      status: 503,
      correlationId: "mid-1",
      instance: "/v1/chat",
    });
  });

  it("turns a stream that throws mid-way into a final upstream_failed error event, and logs the cause", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const central = createFakeCentralClient({
      events: [{ event: "token", data: { text: "Hel" } }],
      thenThrow: new Error("socket reset"),
    });
    const events = await readEvents(await postChat(testApp(central), { text: "hi" }, SSE));
    expect(events.map((event) => event.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({ code: "upstream_failed", status: 502 });
    expect(logged).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ message: "socket reset" }));
    logged.mockRestore();
  });

  it("ends a stream that stops without done or error with an upstream_failed error event", async () => {
    const central = createFakeCentralClient({ events: [{ event: "token", data: { text: "Hel" } }] });
    const events = await readEvents(await postChat(testApp(central), { text: "hi" }, SSE));
    expect(events.map((event) => event.event)).toEqual(["token", "error"]);
    expect(events[1]?.data).toMatchObject({ code: "upstream_failed" });
  });

  it("replaces an event from central that breaks the contract with an error event", async () => {
    const broken = formatSse("token", { txt: "oops" });
    const central = createHttpCentralClient({
      baseUrl: "http://central.fake/",
      edgeToken: "edge-token-0123456789",
      timeoutMs: 1000,
      fetch: async () =>
        new Response(formatSse("token", { text: "ok" }) + broken, { headers: { "Content-Type": "text/event-stream" } }),
    });
    const events = await readEvents(await postChat(testApp(central), { text: "hi" }, SSE));
    expect(events).toEqual([
      { event: "token", data: { text: "ok" } },
      { event: "error", data: expect.objectContaining({ code: "upstream_failed" }) },
    ]);
  });

  it("stops relaying after the first done event", async () => {
    const central = createFakeCentralClient((message) => ({
      events: [...fakeReplyEvents(message, ["a"]), { event: "token", data: { text: "late" } }],
    }));
    const events = await readEvents(await postChat(testApp(central), { text: "hi" }, SSE));
    expect(events.map((event) => event.event)).toEqual(["token", "done"]);
  });

  it("answers problem JSON, not a stream, when central fails before the stream starts", async () => {
    const central = createFakeCentralClient({ failure: { code: "central_unavailable", message: "refused" } });
    const res = await postChat(testApp(central), { text: "hi" }, SSE);
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("aborts the call to central when the client cancels the stream", async () => {
    let signal: AbortSignal | undefined;
    const central: CentralClient = {
      async startTurn(_message, options) {
        signal = options?.signal;
        return ok(
          (async function* (): AsyncGenerator<ChatStreamEvent> {
            yield { event: "token", data: { text: "a" } };
            await new Promise(() => undefined);
          })(),
        );
      },
    };
    const res = await postChat(testApp(central), { text: "hi" }, SSE);
    const reader = res.body!.getReader();
    await reader.read();
    expect(signal?.aborted).toBe(false);
    await reader.cancel();
    expect(signal?.aborted).toBe(true);
  });
});
