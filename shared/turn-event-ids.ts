/**
 * The ids of a turn's two events, computed with WebCrypto so the edge can name the events of a turn it answers itself
 * before central records it. Same derivation as central/turns/turn-ids.ts (a test holds them equal).
 */
export interface TurnEventIdsOf {
  messageReceived: string;
  replySent: string;
}

/** A UUID (version 8) derived from the SHA-256 of a name: the same name always gives the same id. */
export async function deterministicUuidOf(name: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name)));
  const hex = [...digest.slice(0, 16)]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** The turn's event ids from the message's identity (tenant, channel, conversation, message id). */
export async function turnEventIdsOf(message: {
  tenantId: string;
  channel: string;
  conversationId: string;
  channelMessageId: string;
}): Promise<TurnEventIdsOf> {
  const { tenantId, channel, conversationId, channelMessageId } = message;
  const messageReceived = await deterministicUuidOf(`${tenantId}|${channel}|${conversationId}|${channelMessageId}`);
  return { messageReceived, replySent: await deterministicUuidOf(`${messageReceived}|reply`) };
}
