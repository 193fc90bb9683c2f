import { z } from "zod";
import { idSchema } from "./ids.js";

/** What the edge does with a message. */
export const routeSchema = z.enum(["answer_locally", "forward", "handoff"]);

/** What the edge does with a message. */
export type Route = z.infer<typeof routeSchema>;

/** Why the edge chose a route. */
export const routeReasonSchema = z.enum([
  "edge_answerable",
  "handoff_intent",
  "out_of_scope",
  "low_confidence",
  "needs_central",
  "model_unavailable",
]);

/** Why the edge chose a route. */
export type RouteReason = z.infer<typeof routeReasonSchema>;

/** The routing decision as recorded with a turn. */
export const routeDecisionSchema = z.object({ route: routeSchema, reason: routeReasonSchema });

/** The routing decision as recorded with a turn. */
export type RouteDecision = z.infer<typeof routeDecisionSchema>;

const intentName = z.string().min(1).max(128);
const confidence = z.number().min(0).max(1);

/** One tenant's routing rules: confidence thresholds, intents the edge answers from templates, intents for a human. */
export const tenantRoutingSchema = z.object({
  thresholds: z
    .object({
      /** Minimum confidence to answer an edge-answerable intent from its template. */
      answerLocally: confidence.default(0.7),
      /** Minimum confidence to hand a handoff intent to a human straight away. */
      handoff: confidence.default(0.5),
    })
    .default({ answerLocally: 0.7, handoff: 0.5 }),
  /** Edge-answerable intents and the reply the edge sends for each. */
  answers: z.record(intentName, z.string().trim().min(1).max(2000)).default({}),
  /** Intents a human should take over. */
  handoffIntents: z.array(intentName).default([]),
  /** What the customer is told when a human takes over. */
  handoffText: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .default("I'm handing you over to a member of our team, who will reply here shortly."),
});

/** One tenant's routing rules. */
export type TenantRouting = z.output<typeof tenantRoutingSchema>;

/** The edge's routing configuration (`EDGE_ROUTING`): rules for every tenant, and per-tenant replacements. */
export const edgeRoutingSchema = z.object({
  default: tenantRoutingSchema,
  tenants: z.record(idSchema, tenantRoutingSchema).default({}),
});

/** The edge's routing configuration. */
export type EdgeRouting = z.output<typeof edgeRoutingSchema>;

/** A tenant's rules: its own entry, or the default. */
export function tenantRouting(routing: EdgeRouting, tenantId: string): TenantRouting {
  return routing.tenants[tenantId] ?? routing.default;
}

/** Tenant → model version (or bundled folder name) pins (`EDGE_MODEL_PINS`); unpinned tenants get the default model. */
export const modelPinsSchema = z.record(idSchema, z.string().min(1).max(128));

/** Tenant → model version pins. */
export type ModelPins = z.infer<typeof modelPinsSchema>;
