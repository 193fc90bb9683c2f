import { z } from "zod";
import { idSchema } from "../ids.js";
import { policyDocumentSchema } from "../policy/policy-document.js";

/**
 * A tenant's policy lifecycle, recorded in its stream `policy:<tenantId>:policies`: a version is pushed (the whole
 * document; immutable from then on), activated, and rolled back to the version active before. These events concern
 * the tenant, not a customer, so they name no `customerId` and carry no personal data.
 */

const version = z.number().int().positive();
/** Who did it: an admin token id (`admin` for ADMIN_TOKEN), `cli:<user>` or `system:<what>`. */
const by = z.string().min(1).max(128);

/** What the dry-run at push time found: how many recent recorded proposals the new version would decide otherwise. */
export const policyDryRunSummarySchema = z.object({
  /** Recorded proposals replayed (the most recent ones, up to the limit asked for). */
  sampled: z.number().int().min(0),
  /** How many of them the pushed version decides differently from the decision recorded at the time. */
  changed: z.number().int().min(0),
});

/** Data of `policy.pushed`: a new immutable version of the tenant's policy. */
export const policyPushedDataSchema = z.object({
  tenantId: idSchema,
  version,
  /** The validated document, defaults filled in. */
  document: policyDocumentSchema,
  /** Lower-case hex SHA-256 of the document's canonical JSON: a re-push of the same version must match it. */
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  pushedBy: by,
  dryRun: policyDryRunSummarySchema.nullable(),
});

/** Data of `policy.activated`: the version decisions and the edge use from now on. */
export const policyActivatedDataSchema = z.object({
  tenantId: idSchema,
  version,
  /** The version active until now (null: none was). */
  previousVersion: version.nullable(),
  activatedBy: by,
  reason: z.string().max(500).nullable(),
});

/** Data of `policy.rolled_back`: `fromVersion` is replaced by the version active before it, `toVersion`. */
export const policyRolledBackDataSchema = z.object({
  tenantId: idSchema,
  fromVersion: version,
  toVersion: version,
  rolledBackBy: by,
  reason: z.string().max(500).nullable(),
});

/** Catalog entries of the policy events (spread into EVENT_CATALOG); none carries personal data. */
export const POLICY_EVENT_SPECS = {
  "policy.pushed": { data: policyPushedDataSchema, personal: [] },
  "policy.activated": { data: policyActivatedDataSchema, personal: [] },
  "policy.rolled_back": { data: policyRolledBackDataSchema, personal: [] },
} as const;

/** Data of `policy.pushed`. */
export type PolicyPushedData = z.infer<typeof policyPushedDataSchema>;
/** Data of `policy.activated`. */
export type PolicyActivatedData = z.infer<typeof policyActivatedDataSchema>;
/** Data of `policy.rolled_back`. */
export type PolicyRolledBackData = z.infer<typeof policyRolledBackDataSchema>;
/** What a push's dry-run found. */
export type PolicyDryRunSummary = z.infer<typeof policyDryRunSummarySchema>;
