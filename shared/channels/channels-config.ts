import { z } from "zod";
import { idSchema } from "../ids.js";

/**
 * Channels that arrive as signed webhooks (every channel but `web`); the path segment of `/v1/webhooks/<channel>/…`.
 */
export const webhookChannelSchema = z.enum(["whatsapp", "messenger", "telegram", "slack", "sms"]);

/** A webhook channel. */
export type WebhookChannel = z.infer<typeof webhookChannelSchema>;

/** A secret or credential: no surrounding blanks, bounded. */
const secret = z.string().min(8).max(1024).regex(/^\S+$/, "must not contain blanks");
/** An API base URL (http or https); a trailing slash is dropped. */
const apiBaseUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .default(fallback);
/**
 * Outbound replies allowed per second for one tenant on one channel (a fixed one-second window shared by all isolates).
 */
const sendRate = (fallback: number) => z.number().int().min(1).max(1000).default(fallback);

/**
 * WhatsApp Cloud API: app secret (signatures), verify token (handshake), access token and phone number id (replies).
 */
export const whatsappConfigSchema = z.strictObject({
  appSecret: secret,
  verifyToken: secret,
  accessToken: secret,
  phoneNumberId: z.string().regex(/^\d{1,32}$/, "digits only"),
  apiBaseUrl: apiBaseUrl("https://graph.facebook.com/v21.0"),
  sendRatePerSecond: sendRate(20),
});

/** Messenger: app secret (signatures), verify token (handshake), page access token (replies). */
export const messengerConfigSchema = z.strictObject({
  appSecret: secret,
  verifyToken: secret,
  pageAccessToken: secret,
  apiBaseUrl: apiBaseUrl("https://graph.facebook.com/v21.0"),
  sendRatePerSecond: sendRate(20),
});

/** Telegram: the `secret_token` given to setWebhook (1–256 of A-Z a-z 0-9 _ -) and the bot token (replies). */
export const telegramConfigSchema = z.strictObject({
  secretToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ - (Telegram allows these)"),
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "looks like 123456:ABC-DEF…"),
  apiBaseUrl: apiBaseUrl("https://api.telegram.org"),
  sendRatePerSecond: sendRate(25),
});

/** Slack Events API: signing secret (signatures) and bot token (chat.postMessage). */
export const slackConfigSchema = z.strictObject({
  signingSecret: secret,
  botToken: secret,
  apiBaseUrl: apiBaseUrl("https://slack.com/api"),
  /** Accepted age of `X-Slack-Request-Timestamp`, in seconds (Slack recommends 5 minutes). */
  replayWindowSeconds: z.number().int().min(30).max(3600).default(300),
  sendRatePerSecond: sendRate(1),
});

/** Twilio SMS: account SID and auth token (signatures and the Messages API), and the number replies come from. */
export const smsConfigSchema = z.strictObject({
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an account SID (AC + 32 hex digits)"),
  authToken: secret,
  fromNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, "an E.164 number such as +15551234567"),
  apiBaseUrl: apiBaseUrl("https://api.twilio.com"),
  sendRatePerSecond: sendRate(1),
});

/** One tenant's channels: each present key turns that channel on for the tenant. */
export const tenantChannelsSchema = z.strictObject({
  whatsapp: whatsappConfigSchema.optional(),
  messenger: messengerConfigSchema.optional(),
  telegram: telegramConfigSchema.optional(),
  slack: slackConfigSchema.optional(),
  sms: smsConfigSchema.optional(),
});

/** One tenant's channel configuration. */
export type TenantChannels = z.infer<typeof tenantChannelsSchema>;

/** The configuration of channel `K` (present). */
export type ChannelConfig<K extends WebhookChannel> = NonNullable<TenantChannels[K]>;

/**
 * The edge's `CHANNELS_CONFIG` (a JSON secret): per-tenant channel secrets and credentials, the public base URL
 * platforms call (Twilio signs it), and how long a platform message id is remembered for de-duplication.
 */
export const channelsConfigSchema = z
  .strictObject({
    /** The edge's public URL as platforms see it, e.g. `https://edge.example.com` (no trailing slash needed). */
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
    /** Seconds a (tenant, channel, message id) stays claimed; longer than any platform's redelivery (Meta: 7 days). */
    dedupeTtlSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(8 * 24 * 3600),
    tenants: z.record(idSchema, tenantChannelsSchema),
  })
  .refine(
    (config) => config.publicBaseUrl !== undefined || !Object.values(config.tenants).some((tenant) => tenant.sms),
    {
      error: "is required when a tenant has sms (Twilio signs the public URL)",
      path: ["publicBaseUrl"],
    },
  );

/** The validated channels configuration. */
export type ChannelsConfig = z.output<typeof channelsConfigSchema>;
