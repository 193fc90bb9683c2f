import { z } from "zod";
import { correlationIdSchema, idSchema, timestampSchema } from "./ids.js";

/** Who caused an event. */
export const actorSchema = z.object({
  kind: z.enum(["customer", "model", "admin", "system", "edge"]),
  id: z.string().min(1).max(128),
});

/** Where a fact in an event came from (a message, a document, a model call), for provenance. */
export const sourceSchema = z.object({
  kind: z.string().min(1).max(64),
  ref: z.string().min(1).max(512),
});

/** Metadata every event carries: tenant, correlation/causation links, actor and the versions that produced it. */
export const eventMetadataSchema = z.object({
  tenantId: idSchema,
  correlationId: correlationIdSchema,
  causationId: z.string().min(1).nullable(),
  actor: actorSchema,
  modelVersion: z.string().min(1).nullable(),
  policyVersion: z.string().min(1).nullable(),
  sources: z.array(sourceSchema),
});

/** Event metadata. */
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** An event as the caller hands it to the store: id, type, data and metadata; positions are the store's job. */
export const newEventSchema = z.object({
  eventId: z.uuid(),
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "event types look like 'message.received'"),
  data: z.record(z.string(), z.unknown()),
  metadata: eventMetadataSchema,
});

/** An event before it is appended. */
export type NewEvent = z.infer<typeof newEventSchema>;

/** An event as recorded in the append-only log. */
export const eventEnvelopeSchema = newEventSchema.extend({
  stream: z.string().min(1).max(300),
  /** 1-based position within the stream. */
  streamVersion: z.number().int().min(1),
  /** 1-based position across all streams; strictly increasing in append order. */
  globalPosition: z.number().int().min(1),
  recordedAt: timestampSchema,
});

/** A recorded event. */
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
