import { z } from "zod";
import { webhookChannelSchema } from "../../../shared/channels/channels-config.js";
import { ignoreReasonSchema } from "../../../shared/events/channel-events.js";
import { correlationIdSchema, idSchema } from "../../../shared/ids.js";
import { inboundMessageSchema } from "../../../shared/message-envelope.js";

/**
 * One unit of queued channel work, validated again when consumed (a queue outlives deploys): a customer message to
 * answer, or an ignored item to record.
 */
export const channelJobSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("message"),
    channel: webhookChannelSchema,
    message: inboundMessageSchema,
    replyTo: z.record(z.string(), z.string()),
  }),
  z.object({
    kind: z.literal("ignored"),
    channel: webhookChannelSchema,
    tenantId: idSchema,
    correlationId: correlationIdSchema,
    item: z.object({
      reason: ignoreReasonSchema,
      kind: z.string().min(1).max(64),
      platformId: z.string().min(1).max(256).nullable(),
      customerId: idSchema.nullable(),
    }),
  }),
]);

/** A queued channel job. */
export type ChannelJob = z.infer<typeof channelJobSchema>;

/** Where webhook routes put jobs: a Cloudflare Queue in production (durable, retried, dead-lettered). */
export interface ChannelJobQueue {
  sendBatch(jobs: ChannelJob[]): Promise<void>;
}

/** The de-duplication key of a platform message: one per (tenant, channel, platform message id). */
export function dedupeKey(tenantId: string, channel: string, platformMessageId: string): string {
  return `frontdesk:channels:seen:${tenantId}:${channel}:${platformMessageId}`;
}

/** The reply-sending claim of a platform message: guards the send so a re-run job never sends twice. */
export function sendKey(tenantId: string, channel: string, platformMessageId: string): string {
  return `frontdesk:channels:sent:${tenantId}:${channel}:${platformMessageId}`;
}
