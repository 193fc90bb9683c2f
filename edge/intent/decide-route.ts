import type { RouteDecision, TenantRouting } from "../../shared/edge-routing.js";

/** The classification facts the decision reads; null when no model answered. */
export type RouteInput = { intent: string; confidence: number; outOfScope: boolean } | null;

/** The tenant rules the decision reads. */
export type RoutePolicy = Pick<TenantRouting, "thresholds" | "handoffIntents"> & {
  /** Intents the edge may answer itself. */
  edgeAnswerable: ReadonlySet<string> | readonly string[];
};

/**
 * Decides what the edge does with a classified message. Out of scope or no model → forward (central decides);
 * a handoff intent at ≥ `thresholds.handoff` → handoff; an edge-answerable intent at ≥ `thresholds.answerLocally`
 * → answer_locally, below it → forward (low confidence); anything else → forward.
 */
export function decideRoute(input: RouteInput, policy: RoutePolicy): RouteDecision {
  if (input === null) return { route: "forward", reason: "model_unavailable" };
  if (input.outOfScope) return { route: "forward", reason: "out_of_scope" };
  if (policy.handoffIntents.includes(input.intent) && input.confidence >= policy.thresholds.handoff) {
    return { route: "handoff", reason: "handoff_intent" };
  }
  const answerable = Array.isArray(policy.edgeAnswerable)
    ? policy.edgeAnswerable.includes(input.intent)
    : (policy.edgeAnswerable as ReadonlySet<string>).has(input.intent);
  if (!answerable) return { route: "forward", reason: "needs_central" };
  return input.confidence >= policy.thresholds.answerLocally
    ? { route: "answer_locally", reason: "edge_answerable" }
    : { route: "forward", reason: "low_confidence" };
}
