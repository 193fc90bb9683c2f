import { describe, expect, it } from "vitest";
import type { ChatStreamEvent } from "../shared/chat-api.js";
import { problem, ProblemError } from "../shared/problem-details.js";
import { readSse } from "../shared/sse.js";
import { inboundMessage } from "../test/support/inbound-message.js";
import { createScriptedFakeLlmProvider } from "../test/support/scripted-fake-llm-provider.js";
import { createCentralApp, type CentralAppDeps } from "./app.js";
import { createInMemoryEventStore } from "./event-store/in-memory-event-store.js";
import type { EventStore } from "./event-store/event-store.js";
import type { TurnService } from "./turns/turn-service.js";
import { unusedErasure } from "../test/support/unused-erasure.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";
const ADMIN_TOKEN = "admin-token-0123456789abcdef";

function appWith(overrides: Partial<CentralAppDeps> = {}) {
  const lines: string[] = [];
  const llm = createScriptedFakeLlmProvider();
  const eventStore = createInMemoryEventStore();
  const turns: TurnService = { runTurn: () => (async function* () {})() };
  const app = createCentralApp({
    tokens: { edge: EDGE_TOKEN, admin: ADMIN_TOKEN },
    turns,
    eventStore,
    erasure: unusedErasure,
    database: { kind: "pglite", ping: async () => {} },
    llm,
    clock: () => new Date("2026-11-23T10:00:00.000Z"),
    log: (line) => lines.push(line),
    ...overrides,
  });
  return { app, lines };
}

function turnsThatFail(error: unknown): TurnService {
  return {
    runTurn: () =>
      (async function* (): AsyncGenerator<ChatStreamEvent> {
        yield { event: "token", data: { text: "Hal" } };
        throw error;
      })(),
  };
}

async function sseEvents(response: Response) {
  const out: { event: string; data: unknown }[] = [];
  if (response.body)
    for await (const message of readSse(response.body))
      out.push({ event: message.event, data: JSON.parse(message.data) });
  return out;
}

function postTurn(app: ReturnType<typeof appWith>["app"]) {
  return app.request("/v1/turns", {
    method: "POST",
    headers: { authorization: `Bearer ${EDGE_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(inboundMessage()),
  });
}

describe("central app error handling", () => {
  it("answers 503 on /healthz when the database does not answer", async () => {
    const { app } = appWith({
      database: { kind: "postgres", ping: () => Promise.reject(new Error("connection refused")) },
    });
    const response = await app.request("/healthz");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      code: "central_unavailable",
      detail: expect.stringContaining("connection refused"),
    });
  });

  it("maps an unexpected error to a 500 internal_error without leaking it, and logs it", async () => {
    const failing: EventStore = {
      ...createInMemoryEventStore(),
      readStream: () => Promise.reject(new Error("secret table exploded")),
    };
    const { app, lines } = appWith({ eventStore: failing });
    const response = await app.request("/v1/admin/tenants/acme/conversations/conv-1/events", {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: "internal_error", status: 500 });
    expect(text).not.toMatch(/secret|exploded|at /);
    expect(lines.join("\n")).toMatch(/internal error in GET .*secret table exploded/);
  });

  it("ends a turn stream with an internal_error event when the turn throws a bug", async () => {
    const { app, lines } = appWith({ turns: turnsThatFail(new Error("boom")) });
    const events = await sseEvents(await postTurn(app));
    expect(events).toEqual([
      { event: "token", data: { text: "Hal" } },
      { event: "error", data: expect.objectContaining({ code: "internal_error" }) },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/boom/);
    expect(lines).toHaveLength(1);
  });

  it("ends a turn stream with the problem of a ProblemError raised mid-stream", async () => {
    const { app, lines } = appWith({ turns: turnsThatFail(new ProblemError(problem("stream_conflict", "busy"))) });
    const events = await sseEvents(await postTurn(app));
    expect(events.at(-1)).toEqual({
      event: "error",
      data: expect.objectContaining({ code: "stream_conflict", detail: "busy" }),
    });
    expect(lines).toHaveLength(0);
  });

  it("aborts the turn's signal when the client cancels the stream", async () => {
    let seen: AbortSignal | undefined;
    const turns: TurnService = {
      runTurn: (_message, options) =>
        (async function* (): AsyncGenerator<ChatStreamEvent> {
          seen = options?.signal;
          yield { event: "token", data: { text: "a" } };
          await new Promise(() => {});
        })(),
    };
    const { app } = appWith({ turns });
    const response = await postTurn(app);
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(seen?.aborted).toBe(true);
  });
});
