import type { InboundMessage } from "../../shared/message-envelope.js";
import { deterministicUuid } from "../ids/deterministic-uuid.js";

/** Ids of the two events of a turn, derived from the message's identity so a retried request is idempotent. */
export function turnEventIds(message: Pick<InboundMessage, "tenantId" | "channel" | "channelMessageId">): {
  messageReceived: string;
  replySent: string;
} {
  const messageReceived = deterministicUuid(`${message.tenantId}|${message.channel}|${message.channelMessageId}`);
  return { messageReceived, replySent: deterministicUuid(`${messageReceived}|reply`) };
}
