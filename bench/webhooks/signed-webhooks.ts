import { createHmac } from "node:crypto";
import { testAccountSid } from "../../edge/channels/testing/webhook-bodies.js";
import { twilioSignedString } from "../../edge/channels/sms.js";
import type { WebhookChannel } from "../../shared/channels/channels-config.js";

/** The benchmark's tenant, and its secrets per channel (test values, never real ones). */
export const TENANT = "bench";
/** The account SID the shared webhook bodies carry for any tenant but `acme`. */
export const ACCOUNT_SID = testAccountSid(TENANT);
export const SECRETS = {
  whatsapp: "bench-wa-app-secret",
  messenger: "bench-fb-app-secret",
  telegram: "bench-telegram-secret-token",
  slack: "bench-slack-signing-secret",
  sms: "bench-twilio-auth-token",
} as const;

/** Headers that make `body` a correctly signed webhook of `channel` for the bench tenant. */
export function signatureHeaders(channel: WebhookChannel, body: string, publicUrl: string): Record<string, string> {
  const hex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");
  switch (channel) {
    case "whatsapp":
    case "messenger":
      return { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${hex(SECRETS[channel], body)}` };
    case "telegram":
      return { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRETS.telegram };
    case "slack": {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": `v0=${hex(SECRETS.slack, `v0:${timestamp}:${body}`)}`,
      };
    }
    case "sms": {
      const signed = twilioSignedString(publicUrl, [...new URLSearchParams(body)]);
      return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": createHmac("sha1", SECRETS.sms).update(signed).digest("base64"),
      };
    }
  }
}

/** The bench tenant's CHANNELS_CONFIG: every channel, replies to the fake platforms, no send-rate throttling. */
export function channelsConfig(edgeUrl: string, platformsUrl: string): string {
  const rate = { sendRatePerSecond: 1000 };
  return JSON.stringify({
    publicBaseUrl: edgeUrl,
    tenants: {
      [TENANT]: {
        whatsapp: {
          appSecret: SECRETS.whatsapp,
          verifyToken: "bench-verify-token",
          accessToken: "bench-wa-access",
          phoneNumberId: "1065550001",
          apiBaseUrl: `${platformsUrl}/v21.0`,
          ...rate,
        },
        messenger: {
          appSecret: SECRETS.messenger,
          verifyToken: "bench-verify-token",
          pageAccessToken: "bench-fb-page",
          apiBaseUrl: `${platformsUrl}/v21.0`,
          ...rate,
        },
        telegram: { secretToken: SECRETS.telegram, botToken: "123456:bench-bot", apiBaseUrl: platformsUrl, ...rate },
        slack: {
          signingSecret: SECRETS.slack,
          botToken: "xoxb-bench-token",
          apiBaseUrl: `${platformsUrl}/api`,
          ...rate,
        },
        sms: {
          accountSid: ACCOUNT_SID,
          authToken: SECRETS.sms,
          fromNumber: "+15550001111",
          apiBaseUrl: platformsUrl,
          ...rate,
        },
      },
    },
  });
}
