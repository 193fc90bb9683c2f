import { describe, expect, it } from "vitest";
import { decideRoute, type RoutePolicy } from "./decide-route.js";

const policy: RoutePolicy = {
  thresholds: { answerLocally: 0.7, handoff: 0.5 },
  edgeAnswerable: ["greeting", "thank_you"],
  handoffIntents: ["report_fraud"],
};
const classified = (intent: string, confidence: number, outOfScope = false) => ({ intent, confidence, outOfScope });

describe("decideRoute", () => {
  it("answers locally an edge-answerable intent at or above the tenant's threshold", () => {
    // given a greeting classified with confidence 0.7 (the threshold) / when deciding / then the edge answers
    expect(decideRoute(classified("greeting", 0.7), policy)).toEqual({
      route: "answer_locally",
      reason: "edge_answerable",
    });
  });

  it("forwards an edge-answerable intent below the threshold", () => {
    expect(decideRoute(classified("greeting", 0.69), policy)).toEqual({ route: "forward", reason: "low_confidence" });
  });

  it("hands a handoff intent to a human at or above the handoff threshold, forwards it below", () => {
    expect(decideRoute(classified("report_fraud", 0.5), policy)).toEqual({
      route: "handoff",
      reason: "handoff_intent",
    });
    expect(decideRoute(classified("report_fraud", 0.49), policy)).toEqual({
      route: "forward",
      reason: "needs_central",
    });
  });

  it("forwards out-of-scope messages even when their top label is answerable", () => {
    expect(decideRoute(classified("greeting", 0.99, true), policy)).toEqual({
      route: "forward",
      reason: "out_of_scope",
    });
  });

  it("forwards intents the edge cannot answer", () => {
    expect(decideRoute(classified("balance", 0.99), policy)).toEqual({ route: "forward", reason: "needs_central" });
  });

  it("forwards everything when no model answered", () => {
    expect(decideRoute(null, policy)).toEqual({ route: "forward", reason: "model_unavailable" });
  });

  it("reads edge-answerable intents from a set as well as a list", () => {
    expect(decideRoute(classified("thank_you", 0.9), { ...policy, edgeAnswerable: new Set(["thank_you"]) }).route).toBe(
      "answer_locally",
    );
  });
});
