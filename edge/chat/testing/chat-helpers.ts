import type { ChatStreamEvent } from "../../../shared/chat-api.js";
import { readSse } from "../../../shared/sse.js";
import { createEdgeApp, type EdgeApp } from "../../app.js";
import type { CentralClient } from "../../central-client/central-client.js";

/** The clock the chat tests freeze. */
export const TEST_NOW = new Date("2026-11-23T10:00:00.000Z");

/** Builds the edge app around a test central, with a frozen clock and sequential ids (`id-1`, `id-2`, ...). */
export function testApp(central: CentralClient): EdgeApp {
  let next = 0;
  return createEdgeApp({ central, now: () => TEST_NOW, newId: () => `id-${++next}` });
}

/** POSTs a chat body (an object is JSON-encoded) with a JSON content type unless `headers` say otherwise. */
export function postChat(app: EdgeApp, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request("/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** Reads a whole SSE response into events with parsed JSON data. */
export async function readEvents(response: Response): Promise<ChatStreamEvent[]> {
  if (!response.body) throw new Error("response has no body");
  const events: ChatStreamEvent[] = [];
  for await (const message of readSse(response.body)) {
    events.push({ event: message.event, data: JSON.parse(message.data) } as ChatStreamEvent);
  }
  return events;
}
