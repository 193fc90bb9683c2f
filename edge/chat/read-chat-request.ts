import { chatRequestSchema, type ChatRequest } from "../../shared/chat-api.js";
import { problem, zodIssues, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok, type Result } from "../../shared/result.js";

/** Largest accepted `POST /v1/chat` body, in bytes. */
export const MAX_CHAT_BODY_BYTES = 16 * 1024;

/** Why a chat request body was refused: a problem with one of the request-shape codes. */
export type ChatRequestFailure = ProblemDetails & {
  code: "unsupported_media_type" | "payload_too_large" | "malformed_json" | "validation_failed";
};

/** Reads and validates a chat request: JSON content type, at most {@link MAX_CHAT_BODY_BYTES}, schema-valid. */
export async function readChatRequest(request: Request): Promise<Result<ChatRequest, ChatRequestFailure>> {
  if (!isJson(request.headers.get("Content-Type"))) {
    return fail("unsupported_media_type", "Send the message as Content-Type: application/json.");
  }
  const bytes = await readBounded(request, MAX_CHAT_BODY_BYTES);
  if (!bytes) return fail("payload_too_large", `The body must be at most ${MAX_CHAT_BODY_BYTES} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return fail("malformed_json", "The body is not valid UTF-8 JSON.");
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return fail("validation_failed", "The chat request does not match the schema.", issues);
  }
  return ok(parsed.data);
}

function fail(code: ChatRequestFailure["code"], detail: string, issues?: ProblemDetails["issues"]) {
  return err({ ...problem(code, detail, issues ? { issues } : {}), code });
}

function isJson(contentType: string | null): boolean {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** The body's bytes, or null as soon as it proves longer than `limit` (whatever Content-Length claims). */
async function readBounded(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
