import { messengerEventSchema, messengerWebhookSchema } from "../../shared/channels/meta-payloads.js";
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

/** Longest Messenger text message. */
const MESSENGER_TEXT_LIMIT = 2000;

/** Messenger: Meta signatures and handshake; page messages in, Graph API `/me/messages` (Send API) out. */
export const messengerAdapter: ChannelAdapter<"messenger"> = {
  channel: "messenger",
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (webhook, config) => verifyHubSignature(webhook, config.appSecret),
  parse(webhook) {
    const json = bodyJson(webhook.body);
    if (!json.ok) return json;
    const payload = messengerWebhookSchema.safeParse(json.value);
    if (!payload.success) return malformed("Not a Messenger page webhook.");
    const items = payload.data.entry.flatMap((entry) => (entry.messaging ?? []).map(eventItem));
    return ok(itemsOf(items));
  },
  async send(reply, config, http) {
    const recipient = reply.replyTo.recipientId;
    if (!recipient) return err({ code: "platform_rejected", message: "no recipient", attempts: 0 });
    const body = {
      recipient: { id: recipient },
      messaging_type: "RESPONSE",
      message: { text: fitText(reply.text, MESSENGER_TEXT_LIMIT) },
    };
    const sent = await http.call({
      request: jsonRequest(`${config.apiBaseUrl}/me/messages`, body, graphHeaders(config.pageAccessToken)),
    });
    if (!sent.ok) return sent;
    return ok({
      platformReplyId: jsonField(sent.value.body, (json) => json.message_id),
      attempts: sent.value.attempts,
    });
  },
};

function eventItem(raw: unknown): ChannelMessage | IgnoredItem {
  const event = messengerEventSchema.safeParse(raw);
  if (!event.success) return ignoredItem("unhandled_event", "messaging", null, null);
  const { sender, message } = event.data;
  const customerId = `fb-${sender.id}`;
  if (!message)
    return ignoredItem(
      event.data.delivery || event.data.read ? "status_callback" : "unhandled_event",
      event.data.delivery ? "delivery" : event.data.read ? "read" : "messaging",
      null,
      customerId,
    );
  if (message.is_echo) return ignoredItem("own_message", "echo", message.mid, null);
  if (message.text === undefined)
    return ignoredItem("non_text_message", message.attachments ? "attachments" : "message", message.mid, customerId);
  return textMessage({
    kind: "message",
    platformMessageId: message.mid,
    conversationId: customerId,
    customerId,
    text: message.text,
    replyTo: { recipientId: sender.id },
  });
}
