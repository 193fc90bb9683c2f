import { z } from "zod";
import { replyDeliveredDataSchema, replyFailedDataSchema, webhookIgnoredDataSchema } from "../events/channel-events.js";
import { correlationIdSchema, idSchema } from "../ids.js";

const common = {
  tenantId: idSchema,
  correlationId: correlationIdSchema,
  /** The edge's idempotency key for this outcome: recording it again is a no-op (the event id derives from it). */
  outcomeId: z.string().min(1).max(400),
};

/** The body of central's `POST /v1/channel-events`: one channel outcome the edge reports, recorded as one event. */
export const channelOutcomeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("channel.reply_delivered"), ...common, data: replyDeliveredDataSchema }),
  z.object({ type: z.literal("channel.reply_failed"), ...common, data: replyFailedDataSchema }),
  z.object({ type: z.literal("channel.webhook_ignored"), ...common, data: webhookIgnoredDataSchema }),
]);

/** A channel outcome reported by the edge. */
export type ChannelOutcome = z.infer<typeof channelOutcomeSchema>;

/** Central's answer: the event's id, and whether it had been recorded before. */
export const channelOutcomeRecordedSchema = z.object({ eventId: z.uuid(), duplicate: z.boolean() });
