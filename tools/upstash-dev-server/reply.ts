/** A Redis reply as a backend produces it: bulk strings as bytes or text, integers, nil, and (nested) arrays. */
export type RedisReply = string | Uint8Array | number | null | readonly RedisReply[];

/** One command's outcome: a reply, or a Redis error line such as `ERR syntax error`. */
export type CommandOutcome = { ok: true; reply: RedisReply } | { ok: false; error: string };

/** A reply as it travels in Upstash's JSON: strings (base64 or plain), numbers, null and arrays. */
export type JsonReply = string | number | null | JsonReply[];

const OK_BYTES = Buffer.from("OK");

/** A successful outcome. */
export function replied(reply: RedisReply): CommandOutcome {
  return { ok: true, reply };
}

/** A failed outcome carrying a Redis error line. */
export function failed(error: string): CommandOutcome {
  return { ok: false, error };
}

/**
 * Turns a reply into Upstash's JSON form. With `base64` (the client's `Upstash-Encoding: base64`), every string is
 * base64 of its UTF-8 bytes except a top-level `OK`, which the client expects verbatim; numbers and null pass
 * through, arrays are encoded element by element (where `OK` is encoded too, as @upstash/redis decodes it there).
 * Without it, bytes are decoded as UTF-8 (invalid sequences become U+FFFD, as JSON cannot carry raw bytes).
 */
export function encodeReply(reply: RedisReply, base64: boolean, topLevel = true): JsonReply {
  if (reply === null || typeof reply === "number") return reply;
  if (typeof reply === "string" || reply instanceof Uint8Array) {
    const bytes =
      typeof reply === "string"
        ? Buffer.from(reply, "utf8")
        : Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
    if (!base64) return bytes.toString("utf8");
    return topLevel && bytes.equals(OK_BYTES) ? "OK" : bytes.toString("base64");
  }
  return reply.map((element) => encodeReply(element, base64, false));
}

/** Upstash's per-command JSON: `{ result }` or `{ error }`. */
export function encodeOutcome(outcome: CommandOutcome, base64: boolean): { result: JsonReply } | { error: string } {
  return outcome.ok ? { result: encodeReply(outcome.reply, base64) } : { error: outcome.error };
}
