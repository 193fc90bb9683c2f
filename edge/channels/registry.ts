import type { TenantChannels, WebhookChannel } from "../../shared/channels/channels-config.js";
import type { Result } from "../../shared/result.js";
import type {
  ChannelAdapter,
  Delivered,
  OutboundReply,
  ParsedWebhook,
  RawWebhook,
  VerifyContext,
  WebhookRejection,
} from "./channel-adapter.js";
import type { PlatformHttp, SendFailure } from "./delivery/platform-http.js";
import { messengerAdapter } from "./messenger.js";
import { slackAdapter } from "./slack.js";
import { smsAdapter } from "./sms.js";
import { telegramAdapter } from "./telegram.js";
import { whatsappAdapter } from "./whatsapp.js";

/** Every channel's adapter, by path name. Adding a channel: its module, its config schema, and one line here. */
export const CHANNEL_ADAPTERS: { [K in WebhookChannel]: ChannelAdapter<K> } = {
  whatsapp: whatsappAdapter,
  messenger: messengerAdapter,
  telegram: telegramAdapter,
  slack: slackAdapter,
  sms: smsAdapter,
};

/** A channel adapter bound to one tenant's configuration of it. */
export interface TenantChannel {
  channel: WebhookChannel;
  ack: { body: string; contentType: string } | undefined;
  sendRatePerSecond: number;
  handshake: ((query: URLSearchParams) => Promise<Result<string, WebhookRejection>>) | undefined;
  verify(webhook: RawWebhook, context: VerifyContext): Promise<Result<void, WebhookRejection>>;
  parse(webhook: RawWebhook): Result<ParsedWebhook, WebhookRejection>;
  send(reply: OutboundReply, http: PlatformHttp): Promise<Result<Delivered, SendFailure>>;
}

/** The tenant's adapter for `channel`, or undefined when the tenant has not configured it. */
export function tenantChannel<K extends WebhookChannel>(
  channel: K,
  tenant: TenantChannels | undefined,
): TenantChannel | undefined {
  const config = tenant?.[channel];
  if (!config) return undefined;
  const adapter: ChannelAdapter<K> = CHANNEL_ADAPTERS[channel];
  const handshake = adapter.handshake;
  return {
    channel,
    ack: adapter.ack,
    sendRatePerSecond: config.sendRatePerSecond,
    handshake: handshake ? (query) => handshake(query, config) : undefined,
    verify: (webhook, context) => adapter.verify(webhook, config, context),
    parse: (webhook) => adapter.parse(webhook, config),
    send: (reply, http) => adapter.send(reply, config, http),
  };
}
