import {
  whatsappChangeValueSchema,
  whatsappMessageSchema,
  whatsappStatusSchema,
  whatsappWebhookSchema,
} from "../../shared/channels/meta-payloads.js";
import { err, ok } from "../../shared/result.js";
import type { ChannelAdapter, ChannelMessage, IgnoredItem } from "./channel-adapter.js";
import { graphHeaders, metaHandshake, verifyHubSignature } from "./meta-webhook.js";
import {
  bodyJson,
  fitText,
  ignoredItem,
  itemsOf,
  jsonField,
  jsonRequest,
  malformed,
  textMessage,
} from "./webhook-items.js";

/** Longest WhatsApp text message body. */
const WHATSAPP_TEXT_LIMIT = 4096;

/** WhatsApp Cloud API: Meta signatures and handshake; text messages in, Graph API `/<phone-number-id>/messages` out. */
export const whatsappAdapter: ChannelAdapter<"whatsapp"> = {
  channel: "whatsapp",
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (webhook, config) => verifyHubSignature(webhook, config.appSecret),
  parse(webhook) {
    const json = bodyJson(webhook.body);
    if (!json.ok) return json;
    const payload = whatsappWebhookSchema.safeParse(json.value);
    if (!payload.success) return malformed("Not a WhatsApp Business Account webhook.");
    const items: (ChannelMessage | IgnoredItem)[] = [];
    for (const change of payload.data.entry.flatMap((entry) => entry.changes)) {
      const value = whatsappChangeValueSchema.safeParse(change.value);
      if (change.field !== "messages" || !value.success) {
        items.push(ignoredItem("unhandled_event", change.field, null, null));
        continue;
      }
      for (const raw of value.data.messages ?? []) items.push(messageItem(raw));
      for (const raw of value.data.statuses ?? []) {
        const status = whatsappStatusSchema.safeParse(raw);
        items.push(
          ignoredItem(
            "status_callback",
            "statuses",
            status.success ? status.data.id : null,
            status.success && status.data.recipient_id ? `wa-${status.data.recipient_id}` : null,
          ),
        );
      }
    }
    return ok(itemsOf(items));
  },
  async send(reply, config, http) {
    const to = reply.replyTo.to;
    if (!to) return err({ code: "platform_rejected", message: "no recipient", attempts: 0 });
    const body = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to,
      type: "text",
      text: { body: fitText(reply.text, WHATSAPP_TEXT_LIMIT) },
    };
    const sent = await http.call({
      request: jsonRequest(
        `${config.apiBaseUrl}/${config.phoneNumberId}/messages`,
        body,
        graphHeaders(config.accessToken),
      ),
    });
    if (!sent.ok) return sent;
    return ok({
      platformReplyId: jsonField(sent.value.body, (json) =>
        Array.isArray(json.messages) ? (json.messages[0] as { id?: unknown } | undefined)?.id : undefined,
      ),
      attempts: sent.value.attempts,
    });
  },
};

function messageItem(raw: unknown): ChannelMessage | IgnoredItem {
  const message = whatsappMessageSchema.safeParse(raw);
  if (!message.success) return ignoredItem("unhandled_event", "message", null, null);
  const { id, from, type, text } = message.data;
  if (type !== "text") return ignoredItem("non_text_message", type, id, `wa-${from}`);
  return textMessage({
    kind: type,
    platformMessageId: id,
    conversationId: `wa-${from}`,
    customerId: `wa-${from}`,
    text: text?.body,
    replyTo: { to: from },
  });
}
