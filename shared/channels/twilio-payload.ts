import { z } from "zod";

/**
 * A Twilio Messaging webhook (form fields): an incoming SMS has `Body` and `SmsStatus=received`; a status callback
 * has `MessageStatus` (sent, delivered, failed…).
 */
export const twilioMessageFormSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  AccountSid: z.string(),
  From: z.string(),
  To: z.string().optional(),
  Body: z.string().optional(),
  NumMedia: z.string().optional(),
  MessageStatus: z.string().optional(),
  SmsStatus: z.string().optional(),
});
