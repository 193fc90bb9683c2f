import { z } from "zod";
import { tenantRoutingSchema } from "../edge-routing.js";
import { idSchema, timestampSchema } from "../ids.js";
import type { PolicyDocument } from "./policy-document.js";

/**
 * What the edge needs of a tenant's active policy: its version and routing, used in place of the EDGE_ROUTING entry.
 */
export const policySnapshotSchema = z.object({
  tenantId: idSchema,
  version: z.number().int().positive(),
  activatedAt: timestampSchema,
  routing: tenantRoutingSchema,
});

/** What the edge needs of a tenant's active policy. */
export type PolicySnapshot = z.output<typeof policySnapshotSchema>;

/** The edge snapshot of a policy activated at `activatedAt`. */
export function policySnapshot(policy: PolicyDocument, activatedAt: string): PolicySnapshot {
  return { tenantId: policy.tenantId, version: policy.version, activatedAt, routing: policy.edge };
}
