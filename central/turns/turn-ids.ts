import { createHash } from "node:crypto";
import type { InboundMessage } from "../../shared/message-envelope.js";

/** A UUID (version 8, RFC 9562 custom) derived from the SHA-256 of a name: the same name always gives the same id. */
export function deterministicUuid(name: string): string {
  const hex = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** Ids of the two events of a turn, derived from the message's identity so a retried request is idempotent. */
export function turnEventIds(message: Pick<InboundMessage, "tenantId" | "channel" | "channelMessageId">): {
  messageReceived: string;
  replySent: string;
} {
  const messageReceived = deterministicUuid(`${message.tenantId}|${message.channel}|${message.channelMessageId}`);
  return { messageReceived, replySent: deterministicUuid(`${messageReceived}|reply`) };
}
