import { z } from "zod";
import { actorSchema, eventEnvelopeSchema, sourceSchema } from "./event-envelope.js";
import { idSchema, timestampSchema } from "./ids.js";
import { storableText } from "./text/storable-text.js";

/** Body of `GET /v1/admin/tenants/:tenantId/conversations/:conversationId/events` (central, admin bearer token). */
export const conversationEventsResponseSchema = z.object({
  tenantId: idSchema,
  conversationId: idSchema,
  stream: z.string(),
  events: z.array(eventEnvelopeSchema),
});

/** A conversation's events, oldest first. */
export type ConversationEventsResponse = z.infer<typeof conversationEventsResponseSchema>;

/** Body of `POST /v1/admin/tenants/:tenantId/customers/:customerId/erasure` (central, admin bearer token). */
export const erasureRequestSchema = z.object({
  /** Why the customer is erased (recorded in the log; write no personal data here). */
  reason: storableText(z.string().trim().min(1).max(500)),
  /** Who asked (an admin or ticket id, recorded as the actor); default `admin-api`. */
  requestedBy: storableText(z.string().trim().min(1).max(128)).optional(),
});

/** An erasure request body. */
export type ErasureRequestBody = z.infer<typeof erasureRequestSchema>;

/** Where an event sits in the log. */
const eventLocationSchema = z.object({
  eventId: z.string(),
  stream: z.string(),
  streamVersion: z.number().int().min(1),
  globalPosition: z.number().int().min(1),
});

/** Answer of the erasure endpoint (and of `frontdesk erase --json`): what the erasure did. */
export const erasureReportSchema = z.object({
  tenantId: idSchema,
  customerId: idSchema,
  /**
   * True when an earlier call recorded the erasure: nothing was appended. With `keyDestroyed` it finished an erasure
   * that was interrupted after its record; without, the erasure was already complete.
   */
  alreadyErased: z.boolean(),
  /** Whether this call destroyed a key (false when none existed or an earlier call destroyed it). */
  keyDestroyed: z.boolean(),
  /** The `customer.erased` event (the earlier one when `alreadyErased`). */
  erasure: eventLocationSchema.extend({ recordedAt: timestampSchema }),
  /**
   * What the log holds about the customer (`customer.erased` excluded): the events stay, personal fields are
   * unreadable.
   */
  counts: z.object({
    events: z.number().int().min(0),
    eventsWithPersonalData: z.number().int().min(0),
    personalFields: z.number().int().min(0),
  }),
  completedAt: timestampSchema,
});

/** What an erasure did. */
export type ErasureReport = z.infer<typeof erasureReportSchema>;

/** One event of a conversation timeline, with its causal links and provenance. */
export const timelineEntrySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  streamVersion: z.number().int().min(1),
  globalPosition: z.number().int().min(1),
  recordedAt: timestampSchema,
  correlationId: z.string(),
  causationId: z.string().nullable(),
  /** The cause, when it is recorded in this conversation or its customers' streams; null otherwise. */
  causedBy: eventLocationSchema.extend({ type: z.string(), inTimeline: z.boolean() }).nullable(),
  /** Causal hops from the first event of the chain shown in this conversation (0 = a root). */
  depth: z.number().int().min(0),
  actor: actorSchema,
  modelVersion: z.string().nullable(),
  policyVersion: z.string().nullable(),
  sources: z.array(sourceSchema),
  /**
   * Decrypted data. An erased personal field reads as null where its schema accepts null (profile name, email,
   * phone), else as the string "[erased]" (message text, reasons).
   */
  data: z.record(z.string(), z.unknown()),
  /** The catalog's personal fields of this event type (encrypted at rest with the customer's key). */
  personalFields: z.array(z.string()),
});

/** A timeline entry. */
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** Body of `GET /v1/admin/tenants/:tenantId/conversations/:conversationId/timeline` (central, admin bearer token). */
export const conversationTimelineResponseSchema = z.object({
  tenantId: idSchema,
  conversationId: idSchema,
  stream: z.string(),
  /** Events in stream order (the page asked for). */
  entries: z.array(timelineEntrySchema),
  /** The entries grouped by correlation id, in order of first appearance: one group per request or chain. */
  correlations: z.array(z.object({ correlationId: z.string(), eventIds: z.array(z.string()) })),
  /** The customers the conversation names, and whether they were erased. */
  customers: z.array(z.object({ customerId: idSchema, erased: z.boolean(), erasedAt: timestampSchema.nullable() })),
  page: z.object({
    fromVersion: z.number().int().min(1),
    limit: z.number().int().min(1),
    /** Stream version to ask for next, or null on the last page. */
    nextFromVersion: z.number().int().min(1).nullable(),
    /** Events in the conversation. */
    total: z.number().int().min(0),
  }),
});

/** A conversation timeline. */
export type ConversationTimelineResponse = z.infer<typeof conversationTimelineResponseSchema>;
