import { z } from "zod";

/**
 * Webhook payloads of Meta's Graph API (WhatsApp Cloud API and Messenger), only the fields the gateway reads. Lists
 * hold `unknown` items that are parsed one by one, so one odd item is ignored instead of refusing the whole delivery.
 */

/** WhatsApp: `{ object: "whatsapp_business_account", entry: [{ changes: [{ field, value }] }] }`. */
export const whatsappWebhookSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
});

/** The `value` of a `messages` change: messages and/or statuses. */
export const whatsappChangeValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string() }).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** One WhatsApp message (any type; `text.body` for text). */
export const whatsappMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
});

/** One WhatsApp status update (sent, delivered, read, failed). */
export const whatsappStatusSchema = z.object({
  id: z.string(),
  recipient_id: z.string().optional(),
  status: z.string().optional(),
});

/** Messenger: `{ object: "page", entry: [{ messaging: [...] }] }`. */
export const messengerWebhookSchema = z.object({
  object: z.literal("page"),
  entry: z.array(z.object({ messaging: z.array(z.unknown()).optional() })),
});

/** One Messenger messaging event (message, echo, delivery, read, postback…). */
export const messengerEventSchema = z.object({
  sender: z.object({ id: z.string() }),
  recipient: z.object({ id: z.string() }).optional(),
  message: z
    .object({
      mid: z.string(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(z.unknown()).optional(),
    })
    .optional(),
  delivery: z.unknown().optional(),
  read: z.unknown().optional(),
});
