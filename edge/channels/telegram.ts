import { telegramMessageSchema, telegramUpdateSchema } from "../../shared/channels/telegram-payload.js";
import { err, ok } from "../../shared/result.js";
import type { ChannelAdapter } from "./channel-adapter.js";
import { secretsEqual } from "./signatures.js";
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

/** Longest Telegram message text. */
const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Telegram Bot API: `X-Telegram-Bot-Api-Secret-Token` (the `secret_token` of setWebhook) compared in constant time;
 * text messages in (one update per request), `sendMessage` out, quoting the customer's message.
 */
export const telegramAdapter: ChannelAdapter<"telegram"> = {
  channel: "telegram",
  async verify(webhook, config) {
    const token = webhook.headers.get("X-Telegram-Bot-Api-Secret-Token");
    if (token === null)
      return err({ code: "signature_invalid", message: "X-Telegram-Bot-Api-Secret-Token is missing." });
    if (!(await secretsEqual(token, config.secretToken))) {
      return err({ code: "signature_invalid", message: "X-Telegram-Bot-Api-Secret-Token does not match." });
    }
    return ok(undefined);
  },
  parse(webhook) {
    const json = bodyJson(webhook.body);
    if (!json.ok) return json;
    const update = telegramUpdateSchema.safeParse(json.value);
    if (!update.success) return malformed("Not a Telegram Update.");
    const updateId = String(update.data.update_id);
    if (update.data.message === undefined) {
      const kind =
        typeof json.value === "object" && json.value !== null
          ? (Object.keys(json.value).find((key) => key !== "update_id") ?? "update")
          : "update";
      return ok(itemsOf([ignoredItem("unhandled_event", kind, updateId, null)]));
    }
    const message = telegramMessageSchema.safeParse(update.data.message);
    if (!message.success) return ok(itemsOf([ignoredItem("unhandled_event", "message", updateId, null)]));
    const { chat, from, message_id: messageId, text } = message.data;
    const customerId = `tg-${from?.id ?? chat.id}`;
    if (from?.is_bot) return ok(itemsOf([ignoredItem("own_message", "message", updateId, null)]));
    if (text === undefined) return ok(itemsOf([ignoredItem("non_text_message", "message", updateId, customerId)]));
    return ok(
      itemsOf([
        textMessage({
          kind: "message",
          // message_id is unique within a chat; update_id would change if Telegram re-sent it as a new update.
          platformMessageId: `${chat.id}_${messageId}`,
          conversationId: `tg-${chat.id}`,
          customerId,
          text,
          replyTo: { chatId: String(chat.id), messageId: String(messageId) },
        }),
      ]),
    );
  },
  async send(reply, config, http) {
    const chatId = reply.replyTo.chatId;
    if (!chatId) return err({ code: "platform_rejected", message: "no chat id", attempts: 0 });
    const messageId = Number(reply.replyTo.messageId);
    const body = {
      chat_id: chatId,
      text: fitText(reply.text, TELEGRAM_TEXT_LIMIT),
      ...(Number.isInteger(messageId)
        ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }
        : {}),
    };
    const sent = await http.call({
      request: jsonRequest(`${config.apiBaseUrl}/bot${config.botToken}/sendMessage`, body),
      retryAfterFromBody: (text) => {
        const hint = jsonField(text, (json) => (json.parameters as { retry_after?: unknown } | undefined)?.retry_after);
        return hint !== null && /^\d+$/.test(hint) ? Number(hint) : undefined;
      },
    });
    if (!sent.ok) return sent;
    return ok({
      platformReplyId: jsonField(
        sent.value.body,
        (json) => (json.result as { message_id?: unknown } | undefined)?.message_id,
      ),
      attempts: sent.value.attempts,
    });
  },
};
