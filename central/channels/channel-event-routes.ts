import { Hono } from "hono";
import { channelOutcomeSchema, type ChannelOutcome } from "../../shared/channels/channel-outcome.js";
import type { NewEvent } from "../../shared/event-envelope.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";
import { problem, ProblemError } from "../../shared/problem-details.js";
import type { AppendError, EventStore } from "../event-store/event-store.js";
import { conversationStreamName, streamName } from "../event-store/stream-name.js";
import { bearerAuth } from "../http/bearer-auth.js";
import { readJsonBody } from "../http/json-body.js";
import { deterministicUuid } from "../ids/deterministic-uuid.js";

/** What the channel-events route needs. */
export interface ChannelEventRoutesDeps {
  edgeToken: string;
  eventStore: EventStore;
}

/**
 * `POST /v1/channel-events` (edge bearer token): records one messaging-channel outcome the edge reports —
 * `channel.reply_delivered` / `channel.reply_failed` in the conversation's stream, `channel.webhook_ignored` in the
 * channel's stream (`channel:<tenant>:<channel>`). The event id derives from the edge's `outcomeId`, so a retried
 * report records nothing new (`duplicate: true`). Answers 201 (or 200 for a duplicate) with the event id.
 *
 * Its text comes from messaging platforms (item kinds, ids, error details), so text the database cannot store is
 * normalised (U+FFFD), never refused; an outcome that still cannot be recorded is a 400 `validation_failed`, which the
 * edge takes as final instead of retrying it forever.
 */
export function channelEventRoutes(deps: ChannelEventRoutesDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().post("/v1/channel-events", bearerAuth(deps.edgeToken, "edge"), async (c) => {
    const outcome = await readJsonBody(c, channelOutcomeSchema, { unstorableText: "normalise" });
    const event = outcomeEvent(outcome);
    const appended = await deps.eventStore.append(streamOf(outcome), [event], { expectedVersion: "any" });
    if (!appended.ok) throw unrecordable(appended.error);
    return c.json(
      { eventId: event.eventId, duplicate: appended.value.duplicate },
      appended.value.duplicate ? 200 : 201,
    );
  });
}

/** The event recording an outcome; its id is stable per (tenant, outcomeId). */
export function outcomeEvent(outcome: ChannelOutcome): NewEvent {
  return {
    eventId: deterministicUuid(`channel-outcome|${outcome.tenantId}|${outcome.outcomeId}`),
    type: outcome.type,
    data: outcome.data,
    metadata: {
      tenantId: outcome.tenantId,
      correlationId: outcome.correlationId,
      causationId: null,
      actor: { kind: "edge", id: "edge" },
      modelVersion: null,
      policyVersion: null,
      sources: [{ kind: "channel", ref: outcome.data.channel }],
    },
  };
}

/** Why an outcome was not recorded, as what to throw: a bug (500) for a conflict, else a final 400 for the edge. */
function unrecordable(error: AppendError): Error {
  if (error.code === "stream_conflict")
    return new Error(`an append at expected version "any" reported a conflict on ${error.stream}`);
  const issues = error.code === "invalid_event_data" ? error.issues : [];
  const detail = `The channel outcome cannot be recorded (${error.code}): ${error.message}`;
  return new ProblemError(problem("validation_failed", detail, { issues }));
}

function streamOf(outcome: ChannelOutcome): string {
  return outcome.type === "channel.webhook_ignored"
    ? streamName("channel", outcome.tenantId, outcome.data.channel)
    : conversationStreamName(outcome.tenantId, outcome.data.conversationId);
}
