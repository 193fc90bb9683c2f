import { z } from "zod";

/** A Slack Events API request body: the URL check, or an event callback (other types are acknowledged). */
export const slackRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("url_verification"), challenge: z.string().min(1).max(512) }),
  z.object({ type: z.literal("event_callback"), team_id: z.string(), event_id: z.string(), event: z.unknown() }),
  z.object({ type: z.literal("app_rate_limited") }),
]);

/** A Slack `message` event (bot posts carry `bot_id`; edits, joins… carry a `subtype`). */
export const slackMessageEventSchema = z.object({
  type: z.literal("message"),
  channel: z.string(),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
});

/** Any Slack event: only its type is read when it is not a message. */
export const slackEventTypeSchema = z.object({ type: z.string() });
