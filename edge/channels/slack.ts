import {
  slackEventTypeSchema,
  slackMessageEventSchema,
  slackRequestSchema,
} from "../../shared/channels/slack-payload.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { ChannelAdapter, RawWebhook, VerifyContext, WebhookRejection } from "./channel-adapter.js";
import { concatBytes, fromHex, utf8, verifyHmac } from "./signatures.js";
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

/** Longest text sent in one Slack message (Slack truncates beyond 40,000). */
const SLACK_TEXT_LIMIT = 40_000;

/**
 * Slack Events API: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` within the replay window;
 * the `url_verification` challenge; `message` events in (a Slack retry, `X-Slack-Retry-Num`, carries the same message
 * and is de-duplicated like any redelivery), `chat.postMessage` out, in the message's thread.
 */
export const slackAdapter: ChannelAdapter<"slack"> = {
  channel: "slack",
  verify: (webhook, config, context) =>
    verifySlackSignature(webhook, config.signingSecret, config.replayWindowSeconds, context),
  parse(webhook) {
    const json = bodyJson(webhook.body);
    if (!json.ok) return json;
    const request = slackRequestSchema.safeParse(json.value);
    if (!request.success) return malformed("Not a Slack Events API request.");
    if (request.data.type === "url_verification")
      return ok({ kind: "challenge", body: request.data.challenge, contentType: "text/plain; charset=utf-8" });
    if (request.data.type === "app_rate_limited")
      return ok(itemsOf([ignoredItem("unhandled_event", "app_rate_limited", null, null)]));
    const { event_id: eventId, event: raw } = request.data;
    const message = slackMessageEventSchema.safeParse(raw);
    if (!message.success) {
      const type = slackEventTypeSchema.safeParse(raw);
      return ok(itemsOf([ignoredItem("unhandled_event", type.success ? type.data.type : "event", eventId, null)]));
    }
    const { channel, user, text, ts, thread_ts: threadTs, subtype, bot_id: botId } = message.data;
    if (botId || subtype === "bot_message")
      return ok(itemsOf([ignoredItem("own_message", "bot_message", eventId, null)]));
    if (subtype || !user)
      return ok(
        itemsOf([
          ignoredItem(
            subtype === "file_share" ? "non_text_message" : "unhandled_event",
            subtype ?? "message",
            eventId,
            user ? `slack-${user}` : null,
          ),
        ]),
      );
    const thread = threadTs ?? ts;
    return ok(
      itemsOf([
        textMessage({
          kind: "message",
          // The message's identity (channel + ts), not the delivery's (event_id): a message seen twice is one message.
          platformMessageId: `${channel}-${ts}`,
          conversationId: `slack-${channel}-${thread}`,
          customerId: `slack-${user}`,
          text,
          replyTo: { channel, threadTs: thread },
        }),
      ]),
    );
  },
  async send(reply, config, http) {
    const { channel, threadTs } = reply.replyTo;
    if (!channel) return err({ code: "platform_rejected", message: "no channel", attempts: 0 });
    const body = { channel, text: fitText(reply.text, SLACK_TEXT_LIMIT), ...(threadTs ? { thread_ts: threadTs } : {}) };
    const sent = await http.call({
      request: jsonRequest(`${config.apiBaseUrl}/chat.postMessage`, body, {
        Authorization: `Bearer ${config.botToken}`,
      }),
    });
    if (!sent.ok) return sent;
    // Slack answers 200 with `ok: false` for refusals (invalid_auth, channel_not_found…).
    if (jsonField(sent.value.body, (json) => (json.ok === true ? "true" : "false")) !== "true") {
      const code = jsonField(sent.value.body, (json) => json.error) ?? "not ok";
      return err({ code: "platform_rejected", message: `Slack: ${code}`, attempts: sent.value.attempts });
    }
    return ok({ platformReplyId: jsonField(sent.value.body, (json) => json.ts), attempts: sent.value.attempts });
  },
};

/**
 * Verifies Slack's request signature and replay window (the clock is injected, so published vectors can be checked).
 */
export async function verifySlackSignature(
  webhook: RawWebhook,
  signingSecret: string,
  windowSeconds: number,
  context: Pick<VerifyContext, "now">,
): Promise<Result<void, WebhookRejection>> {
  const timestamp = webhook.headers.get("X-Slack-Request-Timestamp") ?? "";
  const header = webhook.headers.get("X-Slack-Signature") ?? "";
  if (!/^\d{1,12}$/.test(timestamp))
    return err({ code: "signature_invalid", message: "X-Slack-Request-Timestamp is missing or not a number." });
  const signature = header.startsWith("v0=") ? fromHex(header.slice(3)) : null;
  if (!signature || signature.byteLength !== 32)
    return err({ code: "signature_invalid", message: "X-Slack-Signature is not v0=<64 hex digits>." });
  const age = Math.abs(context.now().getTime() / 1000 - Number(timestamp));
  if (age > windowSeconds)
    return err({
      code: "request_stale",
      message: `X-Slack-Request-Timestamp is outside the ${windowSeconds} s replay window.`,
    });
  const base = concatBytes(utf8(`v0:${timestamp}:`), webhook.body);
  if (!(await verifyHmac(signingSecret, base, signature, "SHA-256"))) {
    return err({ code: "signature_invalid", message: "X-Slack-Signature does not match the body." });
  }
  return ok(undefined);
}
