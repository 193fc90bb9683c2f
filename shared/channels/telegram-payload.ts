import { z } from "zod";

/** A Telegram `Update` (only what the gateway reads); keys other than `message` are kinds it does not handle. */
export const telegramUpdateSchema = z.object({
  update_id: z.number().int(),
  message: z.unknown().optional(),
});

/** A Telegram `Message`: text messages have `text`; photos, stickers… do not. */
export const telegramMessageSchema = z.object({
  message_id: z.number().int(),
  from: z.object({ id: z.number().int(), is_bot: z.boolean().optional() }).optional(),
  chat: z.object({ id: z.number().int() }),
  text: z.string().optional(),
});
