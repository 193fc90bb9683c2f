import type { WebhookChannel } from "../../../shared/channels/channels-config.js";

/** The Twilio account SID the tests use for a tenant (`acme` → ACa000…, others → ACb000…). */
export function testAccountSid(tenant: string): string {
  return `AC${tenant === "acme" ? "a" : "b"}${"0".repeat(31)}`;
}

/** A text message webhook body of `channel` from customer `from` with platform message id `id`. */
export function textWebhookBody(
  channel: WebhookChannel,
  id: string,
  text: string,
  from = "15551234567",
  tenant = "acme",
): string {
  switch (channel) {
    case "whatsapp":
      return JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "102290129340398",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "15550783881", phone_number_id: "1065550001" },
                  contacts: [{ profile: { name: "Kerry" }, wa_id: from }],
                  messages: [{ from, id: `wamid.${id}`, timestamp: "1700000000", type: "text", text: { body: text } }],
                },
              },
            ],
          },
        ],
      });
    case "messenger":
      return JSON.stringify({
        object: "page",
        entry: [
          {
            id: "page-1",
            time: 1700000000000,
            messaging: [
              {
                sender: { id: from },
                recipient: { id: "page-1" },
                timestamp: 1700000000000,
                message: { mid: `m_${id}`, text },
              },
            ],
          },
        ],
      });
    case "telegram":
      return JSON.stringify({
        update_id: Number(id.replace(/\D/g, "").slice(-9) || "1"),
        message: {
          message_id: Number(id.replace(/\D/g, "").slice(-9) || "1"),
          from: { id: Number(from.slice(0, 9)), is_bot: false, first_name: "Kerry" },
          chat: { id: Number(from.slice(0, 9)), type: "private" },
          date: 1700000000,
          text,
        },
      });
    case "slack":
      return JSON.stringify({
        token: "legacy",
        team_id: "T0001",
        api_app_id: "A0001",
        type: "event_callback",
        event_id: `Ev${id}`,
        event_time: 1700000000,
        event: {
          type: "message",
          channel: "D0001",
          user: `U${from}`,
          text,
          ts: `1700000000.${id.replace(/\D/g, "").padStart(6, "0").slice(-6)}`,
          channel_type: "im",
        },
      });
    case "sms":
      return new URLSearchParams({
        ToCountry: "US",
        SmsMessageSid: `SM${id.padStart(32, "0").slice(-32)}`,
        NumMedia: "0",
        SmsStatus: "received",
        Body: text,
        To: "+15550001111",
        MessageSid: `SM${id.replace(/\D/g, "").padStart(32, "0").slice(-32)}`,
        AccountSid: testAccountSid(tenant),
        From: `+${from}`,
        ApiVersion: "2010-04-01",
      }).toString();
  }
}
