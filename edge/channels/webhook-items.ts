import { idSchema } from "../../shared/ids.js";
import { MAX_MESSAGE_TEXT } from "../../shared/message-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import { normaliseText } from "../../shared/text/storable-text.js";
import type { ChannelMessage, IgnoredItem, ParsedWebhook, WebhookRejection } from "./channel-adapter.js";
import { cutText } from "./cut-text.js";

/** The body as strict UTF-8 text; wrongly encoded bytes are `malformed_body`. */
export function bodyText(body: Uint8Array): Result<string, WebhookRejection> {
  try {
    return ok(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    return err({ code: "malformed_body", message: "The body is not valid UTF-8." });
  }
}

/** The body as JSON; anything else is `malformed_body`. */
export function bodyJson(body: Uint8Array): Result<unknown, WebhookRejection> {
  const text = bodyText(body);
  if (!text.ok) return text;
  try {
    return ok(JSON.parse(text.value) as unknown);
  } catch {
    return err({ code: "malformed_body", message: "The body is not JSON." });
  }
}

/** A `malformed_body` rejection. */
export function malformed(message: string): { ok: false; error: WebhookRejection } {
  return err({ code: "malformed_body", message });
}

/** An id of the shared charset, or null (platform ids that do not fit are not used as keys). */
export function usableId(value: string): string | null {
  return idSchema.safeParse(value).success ? value : null;
}

/**
 * What one platform message becomes: the message, or why it is ignored. Its text follows the text rule
 * (`shared/text/storable-text.ts`): a NUL or an unpaired surrogate a platform sends becomes U+FFFD, never an error.
 */
export function textMessage(fields: {
  kind: string;
  platformMessageId: string;
  conversationId: string;
  customerId: string;
  text: string | undefined;
  replyTo: Record<string, string>;
}): ChannelMessage | IgnoredItem {
  const platformMessageId = usableId(fields.platformMessageId);
  const conversationId = usableId(fields.conversationId);
  const customerId = usableId(fields.customerId);
  const ignored = (reason: IgnoredItem["reason"]) =>
    ignoredItem(reason, fields.kind, fields.platformMessageId, customerId);
  if (!platformMessageId || !conversationId || !customerId) return ignored("unusable_ids");
  const text = normaliseText(fields.text?.trim() ?? "");
  if (text === "") return ignored("non_text_message");
  if (text.length > MAX_MESSAGE_TEXT) return ignored("text_too_long");
  return { platformMessageId, conversationId, customerId, text, replyTo: fields.replyTo };
}

/** Collects messages and ignored items into a parsed webhook. */
export function itemsOf(items: (ChannelMessage | IgnoredItem)[]): ParsedWebhook {
  const messages: ChannelMessage[] = [];
  const ignored: IgnoredItem[] = [];
  for (const item of items) {
    if ("reason" in item) ignored.push(item);
    else messages.push(item);
  }
  return { kind: "items", messages, ignored };
}

/**
 * An ignored item. Kind and id are the platform's text, cut to the event's limits and normalised by the text rule (a
 * NUL or a surrogate pair split by the cut becomes U+FFFD), so central can always record it.
 */
export function ignoredItem(
  reason: IgnoredItem["reason"],
  kind: string,
  platformId: string | null,
  customerId: string | null,
): IgnoredItem {
  return {
    reason,
    kind: normaliseText(cutText(kind, 64)) || "unknown",
    platformId: (platformId && normaliseText(cutText(platformId, 256))) || null,
    customerId: customerId && usableId(customerId),
  };
}

/** Cuts a reply to a platform's limit, ending with an ellipsis when cut. */
export function fitText(text: string, limit: number): string {
  return text.length <= limit ? text : `${cutText(text, limit - 1)}…`;
}

/** A JSON POST request. */
export function jsonRequest(url: string, body: unknown, headers: Record<string, string> = {}): () => Request {
  return () =>
    new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
      body: JSON.stringify(body),
    });
}

/** Reads a string field of a platform's JSON answer, or null. */
export function jsonField(body: string, read: (json: Record<string, unknown>) => unknown): string | null {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== "object" || json === null) return null;
    const value = read(json as Record<string, unknown>);
    return typeof value === "string" || typeof value === "number" ? cutText(String(value), 256) : null;
  } catch {
    return null;
  }
}
