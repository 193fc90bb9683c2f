import { randomUUID } from "node:crypto";
import {
  validatePolicyDocument,
  type InvalidPolicy,
  type PolicyDocument,
} from "../../../shared/policy/policy-document.js";
import { policySnapshot } from "../../../shared/policy/policy-snapshot.js";
import type { PolicySnapshotCacheEntry } from "../../../shared/policy-snapshot-cache.js";
import { err, ok, type Result } from "../../../shared/result.js";
import type { EventStore, StreamConflict } from "../../event-store/event-store.js";
import type { Clock } from "../../clock.js";
import { createKeyedLock } from "../../concurrency/keyed-lock.js";
import { deterministicUuid } from "../../ids/deterministic-uuid.js";
import type { PolicySnapshotPublisher } from "../publish/policy-snapshot-publisher.js";
import { handleCommand } from "../../event-store/handle-command.js";
import { activateDecider, pushDecider, rollbackDecider, type PolicyCommandMeta } from "./policy-deciders.js";
import type {
  ActiveVersionMismatch,
  NoRollbackTarget,
  PolicyTenantMismatch,
  PolicyVersionExists,
  PolicyVersionNotFound,
  PolicyVersionNotIncreasing,
} from "./policy-lifecycle.js";
import {
  activeActivation,
  documentSha256,
  evolvePolicyState,
  initialPolicyState,
  policyStreamName,
  type PolicyState,
  type PolicyVersionRecord,
} from "./policy-state.js";

/** What a dry-run or audit reports: recorded proposals replayed (`examined`) and those decided differently. */
export interface PolicyDryRunReport {
  examined: number;
  changed: number;
  differences: readonly object[];
}

/** Replays the tenant's last `limit` recorded proposals under `candidate` (see `recorded-proposals.ts`). */
export type PolicyDryRun = (tenantId: string, candidate: PolicyDocument, limit: number) => Promise<PolicyDryRunReport>;

export type { PolicyCommandMeta } from "./policy-deciders.js";

/** Whether the new active snapshot reached the edge cache. */
export type PublishOutcome = { ok: true; stored: boolean } | { ok: false; message: string };

/** What a push did. */
export interface PushOutcome {
  version: number;
  /** True when this exact version was already pushed: nothing was recorded. */
  alreadyPushed: boolean;
  dryRun: PolicyDryRunReport | null;
}

/** Which version is active after an activation or rollback, and whether the edge cache has it. */
export interface ActivationOutcome {
  tenantId: string;
  activeVersion: number;
  previousVersion: number | null;
  /** False when nothing was recorded (already active, or a retried rollback). */
  changed: boolean;
  /** The activation's position in the tenant's policy stream (the edge cache entry's version). */
  sequence: number;
  activatedAt: string;
  published: PublishOutcome;
}

/** Failures of a push. */
export type PushError =
  InvalidPolicy | PolicyTenantMismatch | PolicyVersionExists | PolicyVersionNotIncreasing | StreamConflict;
/** Failures of an activation. */
export type ActivateError = PolicyVersionNotFound | StreamConflict;
/** Failures of a rollback. */
export type RollbackError = NoRollbackTarget | ActiveVersionMismatch | StreamConflict;

/** A tenant's policies: versions are pushed (immutable), activated and rolled back, every change an event. */
export interface PolicyStore {
  /** The active policy of a tenant, or null when none is active. */
  activePolicy(tenantId: string): Promise<PolicyDocument | null>;
  /** The tenant's folded policy state (versions, active version and the activation stack). */
  state(tenantId: string): Promise<PolicyState>;
  /** One pushed version, or null. */
  getVersion(tenantId: string, version: number): Promise<PolicyVersionRecord | null>;
  /** Validates (every problem listed) and records a new version; with `dryRunLimit`, replays recent proposals first. */
  push(
    meta: PolicyCommandMeta,
    document: unknown,
    options?: { dryRunLimit?: number },
  ): Promise<Result<PushOutcome, PushError>>;
  /** Makes a pushed version active and publishes its snapshot to the edge cache. */
  activate(
    meta: PolicyCommandMeta,
    version: number,
    reason?: string | null,
  ): Promise<Result<ActivationOutcome, ActivateError>>;
  /** Returns to the version active before the current one (`fromVersion`: the version the caller saw active). */
  rollback(
    meta: PolicyCommandMeta,
    options?: { fromVersion?: number; reason?: string | null },
  ): Promise<Result<ActivationOutcome, RollbackError>>;
  /** Publishes the tenant's active snapshot again (e.g. after the cache was unreachable); null when none is active. */
  republish(tenantId: string): Promise<PublishOutcome | null>;
}

/** What the policy store is built from. */
export interface PolicyStoreDeps {
  eventStore: EventStore;
  clock: Clock;
  /** Where active snapshots go for the edge; without it nothing is published (`published.ok` false). */
  publisher?: PolicySnapshotPublisher;
  /** Replays recorded proposals under a candidate; without it a push cannot dry-run. */
  dryRun?: PolicyDryRun;
  /** How many times a command is tried in all when concurrent changes to the same tenant conflict (default 3). */
  maxAttempts?: number;
}

/**
 * Creates the event-sourced policy store over the tenant stream `policy:<tenantId>:policies`. Each tenant's state is
 * folded once and then caught up incrementally (one `streamVersion` query per read), so `activePolicy` is cheap and
 * still sees changes made by other central instances. Commands run through handleCommand: they read the stream, decide
 * (`policy-deciders.ts`) and append at the version read, trying again after a concurrent change.
 */
export function createPolicyStore(deps: PolicyStoreDeps): PolicyStore {
  const cache = new Map<string, PolicyState>();
  // One refresh of a tenant at a time (so concurrent reads of a tenant read its new events once).
  const tenantLock = createKeyedLock();
  const retries = { retries: (deps.maxAttempts ?? 3) - 1 };

  function refresh(tenantId: string): Promise<PolicyState> {
    return tenantLock.run(tenantId, async () => {
      let state = cache.get(tenantId) ?? initialPolicyState(tenantId);
      const stream = policyStreamName(tenantId);
      const head = await deps.eventStore.streamVersion(stream);
      if (head > state.streamVersion) {
        const read = await deps.eventStore.readStream(stream, { fromVersion: state.streamVersion + 1 });
        if (!read.ok) throw new Error(`reading ${stream}: ${read.error.message}`);
        state = evolvePolicyState(state, read.value);
      }
      cache.set(tenantId, state);
      return state;
    });
  }

  const streamOf = (meta: PolicyCommandMeta) => policyStreamName(meta.tenantId);

  async function publish(state: PolicyState): Promise<PublishOutcome> {
    const active = activeActivation(state);
    const record = active ? state.versions.get(active.version) : undefined;
    if (!active || !record) return { ok: false, message: "no active policy" };
    if (!deps.publisher) return { ok: false, message: "no edge cache configured" };
    const entry: PolicySnapshotCacheEntry = {
      version: active.sequence,
      snapshot: policySnapshot(record.document, active.at),
    };
    const published = await deps.publisher.publish(entry);
    return published.ok
      ? { ok: true, stored: published.value.stored }
      : { ok: false, message: published.error.message };
  }

  async function activationOutcome(
    tenantId: string,
    changed: boolean,
    previousVersion: number | null,
  ): Promise<ActivationOutcome> {
    const state = await refresh(tenantId);
    const active = activeActivation(state)!;
    return {
      tenantId,
      activeVersion: active.version,
      previousVersion,
      changed,
      sequence: active.sequence,
      activatedAt: active.at,
      published: await publish(state),
    };
  }

  return {
    async activePolicy(tenantId) {
      const state = await refresh(tenantId);
      const active = activeActivation(state);
      return active ? (state.versions.get(active.version)?.document ?? null) : null;
    },

    state: refresh,

    async getVersion(tenantId, version) {
      return (await refresh(tenantId)).versions.get(version) ?? null;
    },

    async push(meta, json, options = {}) {
      const valid = validatePolicyDocument(json);
      if (!valid.ok) return valid;
      const document = valid.value;
      const limit = options.dryRunLimit ?? 0;
      const dryRun = limit > 0 && deps.dryRun ? await deps.dryRun(meta.tenantId, document, limit) : null;
      const summary = dryRun ? { sampled: dryRun.examined, changed: dryRun.changed } : null;
      const eventId = deterministicUuid(
        `policy.pushed|${meta.tenantId}|${document.version}|${documentSha256(document)}`,
      );
      const command = { meta, eventId, document, dryRun: summary };
      const pushed = await handleCommand(deps.eventStore, streamOf(meta), pushDecider(meta.tenantId), command, retries);
      if (!pushed.ok) return err(pushed.error);
      return ok({ version: document.version, alreadyPushed: pushed.value.outcome.alreadyPushed, dryRun });
    },

    async activate(meta, version, reason = null) {
      const command = { meta, eventId: randomUUID(), version, reason };
      const activated = await handleCommand(
        deps.eventStore,
        streamOf(meta),
        activateDecider(meta.tenantId),
        command,
        retries,
      );
      if (!activated.ok) return err(activated.error);
      const { changed, previousVersion } = activated.value.outcome;
      return ok(await activationOutcome(meta.tenantId, changed, previousVersion));
    },

    async rollback(meta, options = {}) {
      const command = {
        meta,
        eventId: randomUUID(),
        ...(options.fromVersion === undefined ? {} : { fromVersion: options.fromVersion }),
        reason: options.reason ?? null,
      };
      const rolledBack = await handleCommand(
        deps.eventStore,
        streamOf(meta),
        rollbackDecider(meta.tenantId),
        command,
        retries,
      );
      if (!rolledBack.ok) return err(rolledBack.error);
      const { changed, previousVersion } = rolledBack.value.outcome;
      return ok(await activationOutcome(meta.tenantId, changed, previousVersion));
    },

    async republish(tenantId) {
      const state = await refresh(tenantId);
      return activeActivation(state) ? publish(state) : null;
    },
  };
}
