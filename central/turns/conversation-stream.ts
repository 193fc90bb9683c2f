/** The event stream of one conversation: `conversation:<tenantId>:<conversationId>` (ids cannot contain ':'). */
export function conversationStream(tenantId: string, conversationId: string): string {
  return `conversation:${tenantId}:${conversationId}`;
}
