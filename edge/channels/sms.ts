import { twilioMessageFormSchema } from "../../shared/channels/twilio-payload.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { ChannelAdapter, RawWebhook, WebhookRejection } from "./channel-adapter.js";
import { fromBase64, utf8, verifyHmac } from "./signatures.js";
import { bodyText, fitText, ignoredItem, itemsOf, jsonField, malformed, textMessage } from "./webhook-items.js";

/** Longest SMS body Twilio accepts (it splits into segments). */
const SMS_TEXT_LIMIT = 1600;

/**
 * Twilio SMS: `X-Twilio-Signature` (base64 HMAC-SHA1 of the public URL followed by the POST parameters sorted by name)
 * — the URL is rebuilt from the configured public base URL, since proxies change the one the Worker sees; incoming
 * SMS in, status callbacks ignored, the Messages API out. The ack is empty TwiML so Twilio sends nothing itself.
 */
export const smsAdapter: ChannelAdapter<"sms"> = {
  channel: "sms",
  ack: { body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', contentType: "text/xml; charset=utf-8" },
  async verify(webhook, config, context) {
    if (!context.publicBaseUrl)
      return err({
        code: "signature_invalid",
        message: "No public base URL is configured to check Twilio signatures against.",
      });
    if (!webhook.headers.get("X-Twilio-Signature"))
      return err({ code: "signature_invalid", message: "X-Twilio-Signature is missing." });
    const params = formParams(webhook);
    // No signature can be checked over a body that is not form-encoded UTF-8: as unverifiable as a wrong one.
    if (!params.ok)
      return err({ code: "signature_invalid", message: `Cannot check X-Twilio-Signature: ${params.error.message}` });
    const url = `${context.publicBaseUrl}${webhook.url.pathname}${webhook.url.search}`;
    return verifyTwilioSignature(url, params.value, webhook.headers.get("X-Twilio-Signature") ?? "", config.authToken);
  },
  parse(webhook, config) {
    const params = formParams(webhook);
    if (!params.ok) return params;
    const form = twilioMessageFormSchema.safeParse(Object.fromEntries(params.value));
    if (!form.success) return malformed("Not a Twilio Messaging webhook.");
    const {
      MessageSid: sid,
      AccountSid: account,
      From: from,
      Body: body,
      NumMedia: media,
      MessageStatus: status,
      SmsStatus: smsStatus,
    } = form.data;
    if (account !== config.accountSid) return malformed("The webhook is for another Twilio account.");
    if (status !== undefined && body === undefined)
      return ok(itemsOf([ignoredItem("status_callback", status, sid, null)]));
    if (smsStatus !== undefined && smsStatus !== "received")
      return ok(itemsOf([ignoredItem("status_callback", smsStatus, sid, null)]));
    const customerId = `sms-${from}`;
    if ((body ?? "").trim() === "" && Number(media ?? "0") > 0)
      return ok(itemsOf([ignoredItem("non_text_message", "mms", sid, customerId)]));
    return ok(
      itemsOf([
        textMessage({
          kind: "sms",
          platformMessageId: sid,
          conversationId: customerId,
          customerId,
          text: body,
          replyTo: { to: from },
        }),
      ]),
    );
  },
  async send(reply, config, http) {
    const to = reply.replyTo.to;
    if (!to) return err({ code: "platform_rejected", message: "no recipient", attempts: 0 });
    const form = new URLSearchParams({ To: to, From: config.fromNumber, Body: fitText(reply.text, SMS_TEXT_LIMIT) });
    const url = `${config.apiBaseUrl}/2010-04-01/Accounts/${config.accountSid}/Messages.json`;
    const authorization = `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`;
    const sent = await http.call({
      request: () =>
        new Request(url, {
          method: "POST",
          headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" },
          body: form.toString(),
        }),
    });
    if (!sent.ok) return sent;
    return ok({ platformReplyId: jsonField(sent.value.body, (json) => json.sid), attempts: sent.value.attempts });
  },
};

/** The form-encoded parameters of a Twilio request (strict UTF-8, `application/x-www-form-urlencoded`). */
function formParams(webhook: RawWebhook): Result<[string, string][], WebhookRejection> {
  const type = (webhook.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return malformed("Twilio posts application/x-www-form-urlencoded.");
  const text = bodyText(webhook.body);
  if (!text.ok) return text;
  return ok([...new URLSearchParams(text.value)]);
}

/** The string Twilio signs: the URL, then each parameter's name and value, sorted by name (then value). */
export function twilioSignedString(url: string, params: [string, string][]): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return url + sorted.map(([name, value]) => name + value).join("");
}

/** Checks `X-Twilio-Signature` (base64 HMAC-SHA1 with the auth token) over the URL and sorted parameters. */
export async function verifyTwilioSignature(
  url: string,
  params: [string, string][],
  header: string,
  authToken: string,
): Promise<Result<void, WebhookRejection>> {
  const signature = fromBase64(header);
  if (!signature || signature.byteLength !== 20)
    return err({ code: "signature_invalid", message: "X-Twilio-Signature is missing or not base64 of 20 bytes." });
  if (!(await verifyHmac(authToken, utf8(twilioSignedString(url, params)), signature, "SHA-1"))) {
    return err({ code: "signature_invalid", message: "X-Twilio-Signature does not match the URL and parameters." });
  }
  return ok(undefined);
}
