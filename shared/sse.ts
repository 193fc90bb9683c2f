/** One server-sent event: its name and its JSON payload (still unparsed). */
export interface SseMessage {
  event: string;
  data: string;
}

/** Serialises one server-sent event with a JSON payload. */
export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Reads a `text/event-stream` body into events as they arrive; multi-line `data:` fields are joined with `\n`. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let carriageReturn = false; // a chunk ended in "\r": the next may start with its "\n"
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let text: string = (carriageReturn ? "\r" : "") + decoder.decode(value, { stream: true });
      carriageReturn = text.endsWith("\r");
      if (carriageReturn) text = text.slice(0, -1);
      buffer += text.replace(/\r\n?/g, "\n");
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const message = parseBlock(buffer.slice(0, boundary));
        buffer = buffer.slice(boundary + 2);
        if (message) yield message;
        boundary = buffer.indexOf("\n\n");
      }
    }
    const last = parseBlock(buffer + (carriageReturn ? "\n" : "") + decoder.decode().replace(/\r\n?/g, "\n"));
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length === 0 ? null : { event, data: data.join("\n") };
}
