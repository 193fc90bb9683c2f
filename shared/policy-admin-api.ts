import { z } from "zod";
import { idSchema, timestampSchema } from "./ids.js";
import { policyDocumentSchema } from "./policy/policy-document.js";
import { storableText } from "./text/storable-text.js";

/** Most recorded proposals one dry-run or audit replays. */
export const MAX_AUDIT_LIMIT = 5000;

const version = z.number().int().positive();
const reason = storableText(z.string().trim().min(1).max(500));
const limit = z.number().int().min(1).max(MAX_AUDIT_LIMIT);

/** Body of `POST /v1/admin/tenants/:tenantId/policies` (scope `policy:write`): a document, and an optional dry-run. */
export const pushPolicyRequestSchema = z.object({
  /** The policy document (validated by the server, which lists every problem). */
  document: z.unknown(),
  /** Replay this many of the tenant's most recent recorded proposals under the document before recording it. */
  dryRunLimit: limit.optional(),
});

/** A push request body. */
export type PushPolicyRequest = z.infer<typeof pushPolicyRequestSchema>;

/** Body of `POST …/policies/:version/activate` (scope `policy:write`). */
export const activatePolicyRequestSchema = z.object({ reason: reason.optional() });

/** Body of `POST …/policies/rollback` (scope `policy:write`); `fromVersion` makes a retried rollback safe. */
export const rollbackPolicyRequestSchema = z.object({ fromVersion: version.optional(), reason: reason.optional() });

/** Body of `POST …/policies/audit` (scope `read`): replay recorded proposals under a pushed version or a document. */
export const auditPolicyRequestSchema = z
  .object({
    /** A pushed version to audit (default: the active one when no document is given). */
    version: version.optional(),
    /** A candidate document that need not be pushed. */
    document: z.unknown().optional(),
    /** How many of the most recent recorded proposals (default 1000). */
    limit: limit.default(1000),
  })
  .refine((body) => body.version === undefined || body.document === undefined, {
    error: "give a version or a document, not both",
    path: ["document"],
  });

/** An audit request body. */
export type AuditPolicyRequest = z.input<typeof auditPolicyRequestSchema>;

/** A dry-run or audit result (see shared/policy/audit-record.ts for the differences' shape). */
export const policyAuditResultSchema = z.looseObject({
  examined: z.number().int().min(0),
  changed: z.number().int().min(0),
  differences: z.array(z.record(z.string(), z.unknown())),
});

/** Answer of a push. */
export const pushPolicyResponseSchema = z.object({
  tenantId: idSchema,
  version,
  /** True when this exact version was pushed before: nothing new was recorded. */
  alreadyPushed: z.boolean(),
  dryRun: policyAuditResultSchema.nullable(),
});

/** Answer of a push. */
export type PushPolicyResponse = z.infer<typeof pushPolicyResponseSchema>;

/** Answer of an activation or rollback: the active version and whether the edge cache has its snapshot. */
export const activationResponseSchema = z.object({
  tenantId: idSchema,
  activeVersion: version,
  previousVersion: version.nullable(),
  changed: z.boolean(),
  sequence: z.number().int().positive(),
  activatedAt: timestampSchema,
  published: z.union([
    z.object({ ok: z.literal(true), stored: z.boolean() }),
    z.object({ ok: z.literal(false), message: z.string() }),
  ]),
});

/** Answer of an activation or rollback. */
export type ActivationResponse = z.infer<typeof activationResponseSchema>;

/** One pushed version in a listing. */
export const policyVersionSummarySchema = z.object({
  version,
  description: z.string().nullable(),
  pushedAt: timestampSchema,
  pushedBy: z.string(),
  documentSha256: z.string(),
  dryRun: z.object({ sampled: z.number().int(), changed: z.number().int() }).nullable(),
  active: z.boolean(),
});

/** Answer of `GET …/policies` (scope `read`). */
export const policyVersionsResponseSchema = z.object({
  tenantId: idSchema,
  activeVersion: version.nullable(),
  versions: z.array(policyVersionSummarySchema),
  /** Activations in force, oldest first (a rollback pops the last). */
  activations: z.array(
    z.object({
      version,
      at: timestampSchema,
      by: z.string(),
      how: z.enum(["activated", "rolled_back"]),
      sequence: z.number().int(),
    }),
  ),
});

/** Answer of `GET …/policies`. */
export type PolicyVersionsResponse = z.infer<typeof policyVersionsResponseSchema>;

/** Answer of `GET …/policies/:version` and `GET …/policies/active` (scope `read`). */
export const policyVersionResponseSchema = policyVersionSummarySchema.extend({
  tenantId: idSchema,
  document: policyDocumentSchema,
});

/** Answer of `GET …/policies/:version`. */
export type PolicyVersionResponse = z.infer<typeof policyVersionResponseSchema>;
