import {
  tenantChannelsSchema,
  type TenantChannels,
  type WebhookChannel,
} from "../../shared/channels/channels-config.js";
import { tenantChannel, type TenantChannel } from "./registry.js";

/** Well-formed credentials for every channel, all derived from one random secret nobody knows. */
function placeholderChannels(secret: string): TenantChannels {
  return tenantChannelsSchema.parse({
    whatsapp: { appSecret: secret, verifyToken: secret, accessToken: secret, phoneNumberId: "0" },
    messenger: { appSecret: secret, verifyToken: secret, pageAccessToken: secret },
    telegram: { secretToken: secret, botToken: "0:unconfigured" },
    slack: { signingSecret: secret, botToken: secret },
    sms: { accountSid: `AC${secret}`, authToken: secret, fromNumber: "+10000000" },
  });
}

/**
 * The channel for a tenant that has not configured it (or does not exist): the channel's own adapter over fresh random
 * credentials. Its verification and handshake run the same checks and the same work as a configured tenant's and
 * refuse everything the way a wrong signature or token is refused, so answers do not tell which tenants exist.
 */
export function unconfiguredTenantChannel(channel: WebhookChannel): TenantChannel {
  const bound = tenantChannel(channel, placeholderChannels(crypto.randomUUID().replaceAll("-", "")));
  if (!bound) throw new Error(`no placeholder configuration for channel ${channel}`);
  return bound;
}
