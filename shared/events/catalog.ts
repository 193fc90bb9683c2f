import { z } from "zod";
import { routeReasonSchema, routeSchema } from "../edge-routing.js";
import { ACTION_EVENT_SPECS } from "./action-events.js";
import { CHANNEL_EVENT_SPECS } from "./channel-events.js";
import { POLICY_EVENT_SPECS } from "./policy-events.js";
import { idSchema } from "../ids.js";
import { messageReceivedDataSchema, replySentDataSchema } from "../turn-events.js";

/** One entry of the catalog: the data schema of an event type and which of its data fields are personal. */
export interface EventTypeSpec<S extends z.ZodType = z.ZodType> {
  data: S;
  /** Top-level data fields holding personal data: encrypted with the customer's key at write time. */
  personal: readonly string[];
}

function spec<S extends z.ZodType>(data: S, personal: readonly string[] = []): EventTypeSpec<S> {
  return { data, personal };
}

/**
 * Every event type Frontdesk records, with its data schema. Appending a type that is not here, or data that fails its
 * schema, is refused. Every data schema names the customer it concerns (`customerId`), which selects the key that
 * encrypts its personal fields — except tenant-level events (`policy.*`), which carry no personal data.
 */
export const EVENT_CATALOG = {
  "message.received": spec(messageReceivedDataSchema, ["text"]),
  "reply.sent": spec(replySentDataSchema, ["text"]),
  "customer.profile_updated": spec(
    z.object({
      customerId: idSchema,
      name: z.string().max(200).nullable().optional(),
      email: z.string().max(320).nullable().optional(),
      phone: z.string().max(40).nullable().optional(),
      tier: z.string().max(40).nullable().optional(),
    }),
    ["name", "email", "phone"],
  ),
  "intent.classified": spec(
    z.object({
      customerId: idSchema,
      conversationId: idSchema,
      intent: z.string().min(1),
      confidence: z.number().min(0).max(1),
      outOfScope: z.boolean(),
      modelVersion: z.string().min(1),
      /** The edge's routing decision on this classification, when the edge classified the message. */
      route: routeSchema.optional(),
      routeReason: routeReasonSchema.optional(),
      /** Time the model took, in milliseconds. */
      latencyMs: z.number().min(0).optional(),
    }),
  ),
  ...ACTION_EVENT_SPECS,
  "conversation.escalated": spec(
    z.object({ customerId: idSchema, conversationId: idSchema, reason: z.string().max(2000) }),
    ["reason"],
  ),
  "conversation.resolved": spec(
    z.object({ customerId: idSchema, conversationId: idSchema, by: z.enum(["automation", "human"]) }),
  ),
  "customer.erased": spec(
    z.object({
      customerId: idSchema,
      requestedBy: z.string().min(1),
      reason: z.string().max(500),
      /**
       * The id of the data key this erasure destroys, recorded before it is destroyed (null: the customer had none).
       * Absent on erasures recorded before this field existed, which destroyed the key first.
       */
      keyId: z.string().min(1).max(64).nullable().optional(),
    }),
  ),
  ...POLICY_EVENT_SPECS,
  ...CHANNEL_EVENT_SPECS,
} as const satisfies Record<string, EventTypeSpec>;

/** A recorded event type. */
export type EventType = keyof typeof EVENT_CATALOG;

/** The data of an event of type `T`. */
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]["data"]>;

/** True when `type` is in the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}
