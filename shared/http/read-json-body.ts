import type { z } from "zod";
import { problem, zodIssues, type ProblemDetails } from "../problem-details.js";
import { err, ok, type Result } from "../result.js";

/** Why a JSON body was refused: a problem with one of the request-shape codes. */
export type JsonBodyFailure = ProblemDetails & {
  code: "unsupported_media_type" | "payload_too_large" | "malformed_json" | "validation_failed";
};

/**
 * Reads a request's JSON body and validates it with `schema`: `application/json` (or `application/*+json`), at most
 * `maxBytes` counted on the bytes actually received (whatever Content-Length claims), UTF-8, schema-valid.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes: number },
): Promise<Result<z.output<S>, JsonBodyFailure>> {
  if (!isJson(request.headers.get("Content-Type"))) {
    return fail("unsupported_media_type", "Send the body as Content-Type: application/json.");
  }
  const bytes = await readBounded(request, options.maxBytes);
  if (!bytes) return fail("payload_too_large", `The body must be at most ${options.maxBytes} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return fail("malformed_json", "The body is not valid UTF-8 JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return fail("validation_failed", "The body does not match the schema; see issues.", zodIssues(parsed.error));
  return ok(parsed.data);
}

function fail(code: JsonBodyFailure["code"], detail: string, issues?: ProblemDetails["issues"]) {
  return err({ ...problem(code, detail, issues ? { issues } : {}), code });
}

function isJson(contentType: string | null): boolean {
  return /^application\/([a-z0-9.-]+\+)?json$/.test((contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "");
}

/** The body's bytes, or null as soon as it proves longer than `limit`. */
export async function readBounded(request: Request, limit: number): Promise<Uint8Array | null> {
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
