import type { IncomingMessage, ServerResponse } from "node:http";

/** The request body as UTF-8 text, or `too_large` as soon as it passes `limitBytes` (the rest is not buffered). */
export function readBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; reason: "too_large" | "aborted" }> {
  return new Promise((resolve) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.resume();
      resolve({ ok: false, reason: "too_large" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    request.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limitBytes) {
        settled = true;
        chunks.length = 0;
        resolve({ ok: false, reason: "too_large" });
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    request.on("error", () => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, reason: "aborted" });
    });
  });
}

/** Sends a JSON body with a status; `close` asks the client to drop the connection (after an oversized body). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...extraHeaders,
  });
  response.end(text);
}
