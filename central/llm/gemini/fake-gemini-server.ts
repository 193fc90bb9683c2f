import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeUsage, generateContentResponse, googleErrorBody, roughTokenCount } from "./fake-gemini-responses.js";

/** The API key the fake accepts in `x-goog-api-key`. */
export const FAKE_GEMINI_API_KEY = "fake-gemini-key";

/** The text the fake answers with when nothing was enqueued. */
export const FAKE_DEFAULT_CHUNKS = ["Hello", " from the", " fake Gemini", " server."];

/** What the fake does with one request; behaviours are used in the order enqueued, then the default reply. */
export type FakeGeminiBehaviour =
  | {
      kind: "reply";
      chunks: string[];
      finishReason?: string;
      /** Final usage; `null` omits usageMetadata. Defaults to rough counts, reported cumulatively on every chunk. */
      usage?: FakeUsage | null;
      /** `null` omits modelVersion; defaults to `<model>-fake-001`. */
      modelVersion?: string | null;
      chunkDelayMs?: number;
    }
  | { kind: "status"; status: number; retryAfter?: string; retryDelay?: string }
  | { kind: "hang" }
  | { kind: "break-stream"; chunks: string[]; afterChunks: number; then: "close" | "hang" };

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. `/v1beta/models/m:streamGenerateContent?alt=sse`. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A running fake Gemini API. */
export interface FakeGeminiServer {
  baseUrl: string;
  requests: RecordedRequest[];
  enqueue(behaviour: FakeGeminiBehaviour): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const DEFAULT_CHUNK_DELAY_MS = 15;

/** Starts a FAKE Gemini HTTP server on 127.0.0.1 (a random port) for tests. */
export async function startFakeGeminiServer(): Promise<FakeGeminiServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeGeminiBehaviour[] = [];
  let responseCount = 0;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = parseJson(raw);
      requests.push({ method: req.method ?? "", path: url.pathname + url.search, headers: flatHeaders(req), body });
      const route = ROUTE.exec(url.pathname);
      if (req.method !== "POST" || route === null) return sendError(res, 404, `Not found: ${url.pathname}`);
      if (req.headers["x-goog-api-key"] !== FAKE_GEMINI_API_KEY) {
        return sendError(res, 401, "Request had invalid authentication credentials.");
      }
      if (body === undefined) return sendError(res, 400, "Invalid JSON payload received.");
      const streaming = route[2] === "streamGenerateContent";
      if (streaming && url.searchParams.get("alt") !== "sse") return sendError(res, 400, "Only alt=sse is faked.");
      responseCount += 1;
      const behaviour = queue.shift() ?? { kind: "reply", chunks: FAKE_DEFAULT_CHUNKS };
      const context = { model: route[1] ?? "", responseId: `fake-response-${responseCount}`, body };
      void behave(res, behaviour, streaming, context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (behaviour) => void queue.push(behaviour),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface ReplyContext {
  model: string;
  responseId: string;
  body: unknown;
}

async function behave(res: ServerResponse, b: FakeGeminiBehaviour, streaming: boolean, ctx: ReplyContext) {
  if (b.kind === "hang") return;
  if (b.kind === "status") {
    const headers: Record<string, string> = b.retryAfter === undefined ? {} : { "retry-after": b.retryAfter };
    return sendError(res, b.status, `Fake status ${b.status}.`, headers, b.retryDelay);
  }
  const chunks = b.kind === "reply" ? b.chunks : b.chunks.slice(0, b.afterChunks);
  if (!streaming) {
    if (b.kind === "break-stream") return b.then === "close" ? void res.destroy() : undefined;
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    return res.end(JSON.stringify(buildResponses(b, [chunks.join("")], ctx)[0]));
  }
  const responses = buildResponses(b, b.kind === "reply" && chunks.length === 0 ? [""] : chunks, ctx);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const delay = b.kind === "reply" ? (b.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS) : DEFAULT_CHUNK_DELAY_MS;
  for (const [index, response] of responses.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(response)}\r\n\r\n`);
  }
  if (b.kind === "break-stream") {
    if (b.then === "close") setTimeout(() => res.destroy(), delay);
    return;
  }
  res.end();
}

function buildResponses(
  b: FakeGeminiBehaviour & { kind: "reply" | "break-stream" },
  texts: string[],
  ctx: ReplyContext,
) {
  const prompt = roughTokenCount(JSON.stringify(ctx.body));
  const requested = b.kind === "reply" ? b.modelVersion : undefined;
  const modelVersion = requested === undefined ? `${ctx.model}-fake-001` : (requested ?? undefined);
  const finalUsage = b.kind === "reply" ? b.usage : undefined;
  let sent = "";
  return texts.map((text, index) => {
    sent += text;
    const last = b.kind === "reply" && index === texts.length - 1;
    const output = roughTokenCount(sent);
    let usage: FakeUsage | undefined = {
      promptTokenCount: prompt,
      candidatesTokenCount: output,
      totalTokenCount: prompt + output,
    };
    if (finalUsage === null) usage = undefined;
    else if (last && finalUsage !== undefined) usage = finalUsage;
    const finishReason = last ? ((b.kind === "reply" ? b.finishReason : undefined) ?? "STOP") : undefined;
    return generateContentResponse({ text, modelVersion, responseId: ctx.responseId, finishReason, usage });
  });
}

function sendError(res: ServerResponse, status: number, message: string, headers = {}, retryDelay?: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify(googleErrorBody(status, message, retryDelay)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
