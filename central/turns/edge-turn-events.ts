import type { NewEvent } from "../../shared/event-envelope.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import type { LlmCompletion, LlmProvider } from "../llm/llm-provider.js";
import { deterministicUuid } from "../ids/deterministic-uuid.js";

/** The recorded `message.received` event the edge's decision is about. */
type Cause = { eventId: string; tenantId: string; correlationId: string; conversationId: string; customerId: string };

/**
 * The events recording the edge's decision on a message: `intent.classified` (with the route and the model version)
 * when the edge classified it, and `conversation.escalated` when it handed the conversation to a human. Ids derive
 * from the message's event id, so a retried message yields the same events.
 */
export function edgeDecisionEvents(message: InboundMessage, cause: Cause): NewEvent[] {
  const events: NewEvent[] = [];
  const edge = { kind: "edge" as const, id: "edge" };
  // The policy version whose routing rules the edge applied (null: the edge's own EDGE_ROUTING rules).
  const policyVersion = message.route?.policyVersion === undefined ? null : String(message.route.policyVersion);
  const base = {
    tenantId: cause.tenantId,
    correlationId: cause.correlationId,
    causationId: cause.eventId,
    policyVersion,
  };
  const { classification, route } = message;
  if (classification) {
    events.push({
      eventId: deterministicUuid(`${cause.eventId}|intent`),
      type: "intent.classified",
      data: {
        customerId: cause.customerId,
        conversationId: cause.conversationId,
        intent: classification.intent,
        confidence: classification.confidence,
        outOfScope: classification.outOfScope,
        modelVersion: classification.modelVersion,
        ...(route ? { route: route.route, routeReason: route.reason } : {}),
        ...(classification.latencyMs === undefined ? {} : { latencyMs: classification.latencyMs }),
      },
      metadata: {
        ...base,
        actor: edge,
        modelVersion: classification.modelVersion,
        sources: [{ kind: "event", ref: cause.eventId }],
      },
    });
  }
  if (route?.route === "handoff") {
    events.push({
      eventId: deterministicUuid(`${cause.eventId}|escalated`),
      type: "conversation.escalated",
      data: {
        customerId: cause.customerId,
        conversationId: cause.conversationId,
        reason: `edge: ${route.reason}${classification ? ` (${classification.intent})` : ""}`,
      },
      metadata: {
        ...base,
        actor: edge,
        modelVersion: classification?.modelVersion ?? null,
        sources: [{ kind: "event", ref: cause.eventId }],
      },
    });
  }
  return events;
}

/** The edge's own reply (template or handoff notice) as a provider and completion for `reply.sent`; null if none. */
export function edgeReplyCompletion(
  message: InboundMessage,
): { provider: Pick<LlmProvider, "name" | "offline">; completion: LlmCompletion } | null {
  const reply = message.route?.reply;
  if (!reply) return null;
  return {
    provider: { name: reply.provider, offline: false },
    completion: {
      text: reply.text,
      model: message.classification?.modelVersion ?? "edge",
      usage: null,
      attempts: 1,
      latencyMs: message.classification?.latencyMs ?? 0,
    },
  };
}
