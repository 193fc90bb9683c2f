import type { ConversationTimelineResponse, TimelineEntry } from "../../shared/admin-api.js";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import { personalFieldsOf } from "../erasure/personal-fields.js";

/** What a timeline page is built from: the whole conversation stream, related events, and the page wanted. */
export interface TimelineInput {
  tenantId: string;
  conversationId: string;
  stream: string;
  /** Every event of the conversation, in stream order (decrypted). */
  events: EventEnvelope[];
  /** Events elsewhere in the log that may be causes (e.g. the customers' streams). */
  related: EventEnvelope[];
  /** `customer.erased` events of the conversation's customers. */
  erasures: EventEnvelope[];
  page: { fromVersion: number; limit: number };
}

/** The customers a conversation's events name, in order of first mention. */
export function customersOf(events: EventEnvelope[]): string[] {
  const ids = events.flatMap((event) => (typeof event.data.customerId === "string" ? [event.data.customerId] : []));
  return [...new Set(ids)];
}

/** Most causes outside the conversation and its customers' streams looked up for one page. */
export const MAX_CAUSE_LOOKUPS = 100;

/**
 * Causation ids of the page's events that are neither in the conversation nor in `related` (at most {@link
 * MAX_CAUSE_LOOKUPS}).
 */
export function causesToLookUp(
  events: EventEnvelope[],
  related: EventEnvelope[],
  page: TimelineInput["page"],
): string[] {
  const known = new Set([...events, ...related].map((event) => event.eventId.toLowerCase()));
  const shown = events.filter((event) => event.streamVersion >= page.fromVersion).slice(0, page.limit);
  const missing = shown.flatMap((event) =>
    event.metadata.causationId && !known.has(event.metadata.causationId.toLowerCase())
      ? [event.metadata.causationId.toLowerCase()]
      : [],
  );
  return [...new Set(missing)].slice(0, MAX_CAUSE_LOOKUPS);
}

/** Builds a page of a conversation's timeline: entries in order with resolved causes, chains and erasure state. */
export function buildConversationTimeline(input: TimelineInput): ConversationTimelineResponse {
  const { events, page } = input;
  const byId = new Map<string, EventEnvelope>();
  for (const event of [...input.related, ...events]) byId.set(event.eventId.toLowerCase(), event);
  const inTimeline = new Set(events.map((event) => event.eventId.toLowerCase()));
  const depths = new Map<string, number>();

  const entries = events.map((event): TimelineEntry => {
    const { metadata } = event;
    const cause = metadata.causationId ? byId.get(metadata.causationId.toLowerCase()) : undefined;
    const causeInTimeline = cause !== undefined && inTimeline.has(cause.eventId.toLowerCase());
    const depth = causeInTimeline ? (depths.get(cause.eventId.toLowerCase()) ?? 0) + 1 : 0;
    depths.set(event.eventId.toLowerCase(), depth);
    return {
      eventId: event.eventId,
      type: event.type,
      streamVersion: event.streamVersion,
      globalPosition: event.globalPosition,
      recordedAt: event.recordedAt,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      causedBy: cause
        ? {
            eventId: cause.eventId,
            type: cause.type,
            stream: cause.stream,
            streamVersion: cause.streamVersion,
            globalPosition: cause.globalPosition,
            inTimeline: causeInTimeline,
          }
        : null,
      depth,
      actor: metadata.actor,
      modelVersion: metadata.modelVersion,
      policyVersion: metadata.policyVersion,
      sources: metadata.sources,
      data: event.data,
      personalFields: [...personalFieldsOf(event.type)],
    };
  });

  const shown = entries.filter((entry) => entry.streamVersion >= page.fromVersion).slice(0, page.limit);
  const correlations = new Map<string, string[]>();
  for (const entry of shown) {
    const group = correlations.get(entry.correlationId) ?? [];
    group.push(entry.eventId);
    correlations.set(entry.correlationId, group);
  }
  const last = shown.at(-1)?.streamVersion;
  const end = events.at(-1)?.streamVersion ?? 0;
  const erasedAt = new Map(input.erasures.map((event) => [event.data.customerId, event.recordedAt]));

  return {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    stream: input.stream,
    entries: shown,
    correlations: [...correlations].map(([correlationId, eventIds]) => ({ correlationId, eventIds })),
    customers: customersOf(events).map((customerId) => ({
      customerId,
      erased: erasedAt.has(customerId),
      erasedAt: erasedAt.get(customerId) ?? null,
    })),
    page: {
      fromVersion: page.fromVersion,
      limit: page.limit,
      nextFromVersion: last !== undefined && last < end ? last + 1 : null,
      total: events.length,
    },
  };
}
