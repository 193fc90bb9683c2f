import { describe, expect, it } from "vitest";
import { inboundMessageSchema } from "../../../shared/message-envelope.js";
import { edgeDecisionEvents } from "../../turns/edge-turn-events.js";

const message = inboundMessageSchema.parse({
  tenantId: "acme",
  channel: "web",
  conversationId: "conv-1",
  customerId: "c-1",
  channelMessageId: "m-1",
  text: "I lost my card",
  receivedAt: "2026-11-24T02:00:00.000Z",
  correlationId: "corr-1",
  classification: { intent: "report_lost_card", confidence: 0.9, outOfScope: false, modelVersion: "m-1" },
  route: {
    route: "handoff",
    reason: "handoff_intent",
    policyVersion: 3,
    reply: { text: "A person will take over.", provider: "edge-handoff" },
  },
});
const cause = {
  eventId: "00000000-0000-4000-8000-000000000001",
  tenantId: "acme",
  correlationId: "corr-1",
  conversationId: "conv-1",
  customerId: "c-1",
};

describe("the edge's policy version on the turn's events", () => {
  it("records the policy version whose routing decided on intent.classified and conversation.escalated", () => {
    const events = edgeDecisionEvents(message, cause);
    expect(events.map((event) => [event.type, event.metadata.policyVersion])).toEqual([
      ["intent.classified", "3"],
      ["conversation.escalated", "3"],
    ]);
  });

  it("records null when the edge decided with its EDGE_ROUTING rules", () => {
    const { policyVersion: _unused, ...route } = message.route!;
    const events = edgeDecisionEvents({ ...message, route }, cause);
    expect(events.map((event) => event.metadata.policyVersion)).toEqual([null, null]);
  });
});
