import { describe, expect, it } from "vitest";
import { formatSse, readSse } from "./sse.js";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const message of readSse(body)) out.push(message);
  return out;
}

describe("readSse", () => {
  it("round-trips events written by formatSse", async () => {
    const text = formatSse("token", { text: "he" }) + formatSse("done", { ok: true });
    expect(await collect(streamOf(text))).toEqual([
      { event: "token", data: '{"text":"he"}' },
      { event: "done", data: '{"ok":true}' },
    ]);
  });

  it("reassembles an event split across chunks, with CRLF line ends and comments", async () => {
    const events = await collect(streamOf(": keep-alive\r\n\r\nevent: tok", 'en\r\ndata: {"text":', '"x"}\r\n\r\n'));
    expect(events).toEqual([{ event: "token", data: '{"text":"x"}' }]);
  });

  it("does not split an event when a CRLF is cut between two chunks", async () => {
    const events = await collect(streamOf("event: token\r", "\ndata: 1\r", "\n\r\nevent: done\r\ndata: 2\r\n\r\n"));
    expect(events).toEqual([
      { event: "token", data: "1" },
      { event: "done", data: "2" },
    ]);
  });

  it("decodes a multi-byte character cut between two chunks", async () => {
    const bytes = new TextEncoder().encode('data: "é"\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8));
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    expect(await collect(body)).toEqual([{ event: "message", data: '"é"' }]);
  });

  it("joins multi-line data and defaults the event name to message", async () => {
    expect(await collect(streamOf("data: a\ndata: b\n\n"))).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("yields a final event that lacks the blank line terminator", async () => {
    expect(await collect(streamOf("event: done\ndata: 1"))).toEqual([{ event: "done", data: "1" }]);
  });
});
