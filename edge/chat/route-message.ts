import type { ChatReply } from "../../shared/chat-api.js";
import { tenantRouting, type EdgeRouting } from "../../shared/edge-routing.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { decideRoute } from "../intent/decide-route.js";
import type { IntentModels } from "../intent/intent-models.js";
import type { PolicySnapshots } from "../policy/policy-snapshots.js";

/** What routing a message at the edge needs: the tenant's intent model and the routing rules. */
export interface MessageRoutingDeps {
  intents: IntentModels;
  routing: EdgeRouting;
  /** Tenants' active policy snapshots: their routing replaces the tenant's EDGE_ROUTING rules when present. */
  policies?: PolicySnapshots;
}

/** A message with the edge's classification and decision attached, and the summary added to the reply. */
export interface RoutedMessage {
  message: InboundMessage;
  edge: NonNullable<ChatReply["edge"]>;
}

/**
 * Classifies the message with the tenant's model, decides its route from the tenant's rules (its active policy
 * snapshot's routing when there is one, else its EDGE_ROUTING entry) and attaches both
 * (with the edge's own reply for answer_locally and handoff). A model that is unavailable means "forward".
 */
export async function routeMessage(message: InboundMessage, deps: MessageRoutingDeps): Promise<RoutedMessage> {
  // The snapshot first (a cache read at most once per refresh interval): in a cold isolate, loading the intent model
  // would otherwise hold the event loop past the read's timeout and the first message would miss the policy.
  const snapshot = deps.policies ? await deps.policies.forTenant(message.tenantId) : null;
  const classified = await deps.intents.forTenant(message.tenantId).classify(message.text);
  const rules = snapshot?.routing ?? tenantRouting(deps.routing, message.tenantId);
  const policyVersion = snapshot ? { policyVersion: snapshot.version } : {};
  const classification = classified.ok ? classified.value : null;
  const decision = decideRoute(classification, { ...rules, edgeAnswerable: Object.keys(rules.answers) });
  const template =
    classification && decision.route === "answer_locally" ? rules.answers[classification.intent] : undefined;
  const reply =
    template !== undefined
      ? { text: template, provider: "edge-template" as const }
      : decision.route === "handoff"
        ? { text: rules.handoffText, provider: "edge-handoff" as const }
        : undefined;
  const modelUnavailable = !classified.ok;
  return {
    message: {
      ...message,
      ...(classification ? { classification } : {}),
      route: {
        ...decision,
        ...(modelUnavailable ? { modelUnavailable } : {}),
        ...policyVersion,
        ...(reply ? { reply } : {}),
      },
    },
    edge: { classification, route: decision, modelUnavailable, ...policyVersion },
  };
}
