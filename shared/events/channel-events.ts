import { z } from "zod";
import { webhookChannelSchema } from "../channels/channels-config.js";
import { idSchema } from "../ids.js";

/** Why a webhook item was acknowledged without being processed. */
export const ignoreReasonSchema = z.enum([
  /** An image, sticker, location, reaction… or a message whose text is blank. */
  "non_text_message",
  /** A delivery/read receipt or message status update. */
  "status_callback",
  /** An event type this gateway does not handle (edits, joins, postbacks…). */
  "unhandled_event",
  /** A message our own bot posted (Slack echoes them); answering would loop. */
  "own_message",
  /** Text longer than a customer message may be (see MAX_MESSAGE_TEXT). */
  "text_too_long",
  /** Ids the gateway cannot use (outside the shared id charset or length). */
  "unusable_ids",
]);

/** Why a webhook item was ignored. */
export type IgnoreReason = z.infer<typeof ignoreReasonSchema>;

/** Why a reply could not be delivered. */
export const replyFailureReasonSchema = z.enum([
  /** Central could not produce a reply (unreachable, timed out, or failed) after every retry. */
  "turn_failed",
  /** The platform refused the reply (4xx other than 429): bad credentials, unknown recipient, … */
  "platform_rejected",
  /** The platform kept failing (429/5xx/network) after every retry. */
  "platform_unavailable",
  /** An earlier attempt started sending and never reported back: it may or may not have arrived; not resent. */
  "delivery_unknown",
]);

/** Why a reply was not delivered. */
export type ReplyFailureReason = z.infer<typeof replyFailureReasonSchema>;

const messageRef = {
  customerId: idSchema,
  conversationId: idSchema,
  channel: webhookChannelSchema,
  /** The platform's id of the customer's message the reply answers. */
  channelMessageId: idSchema,
};

/** `channel.reply_delivered`: the platform accepted the reply to a customer's message. */
export const replyDeliveredDataSchema = z.object({
  ...messageRef,
  /** The platform's id of the reply (wamid, Slack ts, Twilio SID…), when it returned one. */
  platformReplyId: z.string().min(1).max(256).nullable(),
  /** HTTP attempts the send took (retries on 429/5xx included). */
  attempts: z.number().int().min(1),
});

/** `channel.reply_failed`: the reply to a customer's message did not go out (and will not be retried). */
export const replyFailedDataSchema = z.object({
  ...messageRef,
  reason: replyFailureReasonSchema,
  /** What went wrong, without personal data (status codes, platform error codes). */
  detail: z.string().max(500),
  attempts: z.number().int().min(0),
});

/** `channel.webhook_ignored`: a verified webhook item acknowledged without processing. */
export const webhookIgnoredDataSchema = z.object({
  /** The customer it came from, when the item names one (a status callback's recipient, a sticker's sender). */
  customerId: idSchema.nullable(),
  channel: webhookChannelSchema,
  reason: ignoreReasonSchema,
  /** The platform's kind of item, e.g. `image`, `statuses`, `edited_message`, `app_mention` (no content). */
  kind: z.string().min(1).max(64),
  /** The platform's id of the item, when it has one. */
  platformId: z.string().min(1).max(256).nullable(),
});

/** Channel outcome events for the catalog (spread into EVENT_CATALOG); none carries personal text. */
export const CHANNEL_EVENT_SPECS = {
  "channel.reply_delivered": { data: replyDeliveredDataSchema, personal: [] },
  "channel.reply_failed": { data: replyFailedDataSchema, personal: [] },
  "channel.webhook_ignored": { data: webhookIgnoredDataSchema, personal: [] },
} as const;
