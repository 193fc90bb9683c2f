import type {
  PolicyActivatedData,
  PolicyDryRunSummary,
  PolicyPushedData,
  PolicyRolledBackData,
} from "../../../shared/events/policy-events.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { activeActivation, documentSha256, latestPushedVersion, type PolicyState } from "./policy-state.js";

/** The document names another tenant than the one it is pushed for. */
export interface PolicyTenantMismatch {
  code: "policy_tenant_mismatch";
  message: string;
}

/** The version was pushed before with a different document (versions are immutable). */
export interface PolicyVersionExists {
  code: "policy_version_exists";
  message: string;
}

/** The version is not above every version pushed so far. */
export interface PolicyVersionNotIncreasing {
  code: "policy_version_not_increasing";
  latest: number;
  message: string;
}

/** No such version was pushed. */
export interface PolicyVersionNotFound {
  code: "policy_version_not_found";
  message: string;
}

/** Nothing to roll back to (no active version, or none active before it). */
export interface NoRollbackTarget {
  code: "no_rollback_target";
  message: string;
}

/** The caller expected another version to be active (a stale or concurrent rollback). */
export interface ActiveVersionMismatch {
  code: "active_version_mismatch";
  activeVersion: number | null;
  message: string;
}

/** What a push decides: a new `policy.pushed`, or nothing because the identical version is already recorded. */
export type PushDecision = { kind: "push"; data: PolicyPushedData } | { kind: "already_pushed"; version: number };

/**
 * Decides a push of a validated document: the tenant must match, a version is immutable (the identical document
 * again is a no-op; a different one is refused), and a new version must be above every version pushed before.
 */
export function decidePush(
  state: PolicyState,
  input: { document: PolicyDocument; by: string; dryRun: PolicyDryRunSummary | null },
): Result<PushDecision, PolicyTenantMismatch | PolicyVersionExists | PolicyVersionNotIncreasing> {
  const { document } = input;
  if (document.tenantId !== state.tenantId) {
    return err({
      code: "policy_tenant_mismatch",
      message: `the document is tenant ${document.tenantId}'s, not ${state.tenantId}'s`,
    });
  }
  const sha = documentSha256(document);
  const existing = state.versions.get(document.version);
  if (existing) {
    if (existing.documentSha256 === sha) return ok({ kind: "already_pushed", version: document.version });
    return err({
      code: "policy_version_exists",
      message:
        `version ${document.version} was pushed before with a different document; ` +
        `versions are immutable, push version ${latestPushedVersion(state) + 1}`,
    });
  }
  const latest = latestPushedVersion(state);
  if (document.version <= latest) {
    return err({
      code: "policy_version_not_increasing",
      latest,
      message:
        `version ${document.version} is not above the latest pushed version ${latest}; ` + `push version ${latest + 1}`,
    });
  }
  return ok({
    kind: "push",
    data: {
      tenantId: state.tenantId,
      version: document.version,
      document,
      documentSha256: sha,
      pushedBy: input.by,
      dryRun: input.dryRun,
    },
  });
}

/** What an activation decides: a new `policy.activated`, or nothing because that version is already active. */
export type ActivateDecision =
  { kind: "activate"; data: PolicyActivatedData } | { kind: "already_active"; version: number };

/** Decides activating a pushed version; activating the active version again changes nothing. */
export function decideActivate(
  state: PolicyState,
  input: { version: number; by: string; reason: string | null },
): Result<ActivateDecision, PolicyVersionNotFound> {
  if (!state.versions.has(input.version)) {
    return err({
      code: "policy_version_not_found",
      message: `tenant ${state.tenantId} has no policy version ${input.version}`,
    });
  }
  const active = activeActivation(state);
  if (active?.version === input.version) return ok({ kind: "already_active", version: input.version });
  return ok({
    kind: "activate",
    data: {
      tenantId: state.tenantId,
      version: input.version,
      previousVersion: active?.version ?? null,
      activatedBy: input.by,
      reason: input.reason,
    },
  });
}

/** What a rollback decides: a new `policy.rolled_back`, or nothing because this very rollback is already recorded. */
export type RollbackDecision =
  | { kind: "roll_back"; data: PolicyRolledBackData }
  | { kind: "already_rolled_back"; fromVersion: number; toVersion: number };

/**
 * Decides rolling back the active version to the one active before it. With `fromVersion` (the version the caller
 * saw active) a retry is recognised: if that rollback is the last thing recorded, nothing happens again; if another
 * version is active, the caller is told (`active_version_mismatch`) rather than rolling back twice.
 */
export function decideRollback(
  state: PolicyState,
  input: { fromVersion?: number; by: string; reason: string | null },
): Result<RollbackDecision, NoRollbackTarget | ActiveVersionMismatch> {
  const active = activeActivation(state);
  if (input.fromVersion !== undefined && active?.version !== input.fromVersion) {
    const last = state.lastRollback;
    if (
      last &&
      last.fromVersion === input.fromVersion &&
      active?.version === last.toVersion &&
      active.sequence === last.sequence
    ) {
      return ok({ kind: "already_rolled_back", fromVersion: last.fromVersion, toVersion: last.toVersion });
    }
    return err({
      code: "active_version_mismatch",
      activeVersion: active?.version ?? null,
      message: `version ${input.fromVersion} is not active (active: ${active?.version ?? "none"})`,
    });
  }
  const previous = state.stack.at(-2);
  if (!active || !previous) {
    return err({
      code: "no_rollback_target",
      message: active
        ? `no version was active before version ${active.version}`
        : `tenant ${state.tenantId} has no active policy`,
    });
  }
  return ok({
    kind: "roll_back",
    data: {
      tenantId: state.tenantId,
      fromVersion: active.version,
      toVersion: previous.version,
      rolledBackBy: input.by,
      reason: input.reason,
    },
  });
}
