import { z } from "zod";
import { eventEnvelopeSchema } from "./event-envelope.js";
import { idSchema } from "./ids.js";

/** Body of `GET /v1/admin/tenants/:tenantId/conversations/:conversationId/events` (central, admin bearer token). */
export const conversationEventsResponseSchema = z.object({
  tenantId: idSchema,
  conversationId: idSchema,
  stream: z.string(),
  events: z.array(eventEnvelopeSchema),
});

/** A conversation's events, oldest first. */
export type ConversationEventsResponse = z.infer<typeof conversationEventsResponseSchema>;
