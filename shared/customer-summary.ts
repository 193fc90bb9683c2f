import { z } from "zod";
import { idSchema, timestampSchema } from "./ids.js";

/** Personal profile fields; null when unknown or erased. */
export const customerProfileSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  tier: z.string().nullable(),
});

/**
 * What the event log says about one customer, as projected centrally and cached at the edge. `version` is the global
 * position of the last event folded in: a reader never accepts a summary with a lower version than one it has seen.
 */
export const customerSummarySchema = z.object({
  tenantId: idSchema,
  customerId: idSchema,
  version: z.number().int().min(0),
  profile: customerProfileSchema,
  openConversations: z.array(idSchema),
  /** Most recent first, at most 5. */
  lastIntents: z.array(z.object({ intent: z.string(), confidence: z.number().min(0).max(1), at: timestampSchema })),
  lastAction: z
    .object({
      actionId: z.string(),
      type: z.string(),
      outcome: z.string(),
      amount: z.number().nullable(),
      at: timestampSchema,
    })
    .nullable(),
  counts: z.object({
    messages: z.number().int().min(0),
    refunds: z.number().int().min(0),
    approvals: z.number().int().min(0),
  }),
  flags: z.object({ openEscalation: z.boolean(), erased: z.boolean() }),
  lastMessageAt: timestampSchema.nullable(),
  updatedAt: timestampSchema,
});

/** A customer summary. */
export type CustomerSummary = z.infer<typeof customerSummarySchema>;
