import { z } from "zod";
import { eventMetadataSchema, type NewEvent } from "../../shared/event-envelope.js";
import { EVENT_CATALOG, isEventType } from "../../shared/events/catalog.js";
import { err, ok, type Result } from "../../shared/result.js";
import { unstorableTextIssues } from "../../shared/text/storable-text.js";
import { parseStreamName, type InvalidStreamName } from "./stream-name.js";

/** One problem found in an event's data or metadata: where (dotted path) and what. */
export interface DataIssue {
  path: string;
  message: string;
}

/** The event's type is not in `EVENT_CATALOG`; nothing was written. */
export interface UnknownEventType {
  code: "unknown_event_type";
  stream: string;
  eventId: string;
  type: string;
  message: string;
}

/**
 * The event's data (or metadata) fails its type's schema, or holds text the database cannot store (see
 * `shared/text/storable-text.ts`); nothing was written.
 */
export interface InvalidEventData {
  code: "invalid_event_data";
  stream: string;
  eventId: string;
  type: string;
  issues: DataIssue[];
  message: string;
}

/** The event's `metadata.tenantId` is not the tenant named by the stream; nothing was written. */
export interface TenantMismatch {
  code: "tenant_mismatch";
  stream: string;
  eventId: string;
  streamTenantId: string;
  eventTenantId: string;
  message: string;
}

/** Why an append was refused before touching storage. */
export type AppendValidationError = InvalidStreamName | UnknownEventType | InvalidEventData | TenantMismatch;

const opaqueSchemas = new Map<string, z.ZodType>();

/**
 * The data schema the store checks for a catalog type. Personal fields are opaque text (or null/absent where the
 * catalog allows it): they may arrive encrypted, so their plaintext rules (lengths) are checked before encryption.
 */
export function storedDataSchema(type: keyof typeof EVENT_CATALOG): z.ZodType {
  let schema = opaqueSchemas.get(type);
  if (schema) return schema;
  const spec = EVENT_CATALOG[type];
  schema = spec.data;
  if (spec.data instanceof z.ZodObject && spec.personal.length > 0) {
    const shape = spec.data.shape as Record<string, z.ZodType>;
    const overrides: Record<string, z.ZodType> = {};
    for (const field of spec.personal) {
      const original = shape[field];
      let opaque: z.ZodType = z.string();
      if (original?.safeParse(null).success) opaque = opaque.nullable();
      if (original?.safeParse(undefined).success) opaque = opaque.optional();
      overrides[field] = opaque;
    }
    schema = spec.data.extend(overrides);
  }
  opaqueSchemas.set(type, schema);
  return schema;
}

/**
 * Checks an append before it is written: stream name, catalog type, data schema, storable text (the last line of
 * defence: a NUL or an unpaired surrogate anywhere in data or metadata) and tenant of every event.
 */
export function validateAppend(stream: string, events: readonly NewEvent[]): Result<void, AppendValidationError> {
  const name = parseStreamName(stream);
  if (!name.ok) return name;
  for (const event of events) {
    const { eventId, type } = event;
    if (!isEventType(type)) {
      return err({
        code: "unknown_event_type",
        stream,
        eventId,
        type,
        message: `event type '${type}' is not in the event catalog`,
      });
    }
    const metadata = eventMetadataSchema.safeParse(event.metadata);
    const data = storedDataSchema(type).safeParse(event.data);
    const issues = [
      ...(metadata.success ? [] : issuesOf(metadata.error, "metadata")),
      ...(data.success ? [] : issuesOf(data.error, "data")),
      ...textIssues(event.data, "data"),
      ...textIssues(event.metadata, "metadata"),
    ];
    if (issues.length > 0) {
      const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
      return err({
        code: "invalid_event_data",
        stream,
        eventId,
        type,
        issues,
        message: `${type} ${eventId} is invalid: ${summary}`,
      });
    }
    if (event.metadata.tenantId !== name.value.tenantId) {
      return err({
        code: "tenant_mismatch",
        stream,
        eventId,
        streamTenantId: name.value.tenantId,
        eventTenantId: event.metadata.tenantId,
        message:
          `event ${eventId} belongs to tenant '${event.metadata.tenantId}' ` +
          `but ${stream} is tenant '${name.value.tenantId}'s`,
      });
    }
  }
  return ok(undefined);
}

function textIssues(value: unknown, root: string): DataIssue[] {
  return unstorableTextIssues(value).map((issue) => ({
    path: [root, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

function issuesOf(error: z.ZodError, root: string): DataIssue[] {
  return error.issues.map((issue) => ({ path: [root, ...issue.path.map(String)].join("."), message: issue.message }));
}
