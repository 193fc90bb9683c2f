import { z } from "zod";

/** An opaque identifier safe for URLs, stream names and logs (tenant, conversation, customer, message ids). */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._@+=-]+$/, "use letters, digits and . _ @ + = - only");

/** A correlation id: caller-supplied (X-Correlation-Id) or generated; same charset as ids. */
export const correlationIdSchema = idSchema;

/** Channels a message can arrive on. */
export const channelSchema = z.enum(["web", "whatsapp", "messenger", "telegram", "slack", "sms"]);

/** One of the supported channels. */
export type Channel = z.infer<typeof channelSchema>;

/** An ISO-8601 timestamp with offset, e.g. 2026-11-23T10:00:00.000Z. */
export const timestampSchema = z.iso.datetime({ offset: true });
