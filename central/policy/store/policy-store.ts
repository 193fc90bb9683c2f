import { randomUUID } from "node:crypto";
import type { NewEvent } from "../../../shared/event-envelope.js";
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
import {
  decideActivate,
  decidePush,
  decideRollback,
  type ActiveVersionMismatch,
  type NoRollbackTarget,
  type PolicyTenantMismatch,
  type PolicyVersionExists,
  type PolicyVersionNotFound,
  type PolicyVersionNotIncreasing,
} from "./policy-lifecycle.js";
import {
  activeActivation,
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

/** Who asks and in which request (recorded on the events). */
export interface PolicyCommandMeta {
  tenantId: string;
  by: string;
  correlationId: string;
}

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
  /** How many times a command re-reads and retries after a concurrent change to the same tenant (default 3). */
  maxAttempts?: number;
}

/**
 * Creates the event-sourced policy store over the tenant stream `policy:<tenantId>:policies`. Each tenant's state is
 * folded once and then caught up incrementally (one `streamVersion` query per read), so `activePolicy` is cheap and
 * still sees changes made by other central instances. Commands append with the stream version they decided on.
 */
export function createPolicyStore(deps: PolicyStoreDeps): PolicyStore {
  const cache = new Map<string, PolicyState>();
  // One refresh of a tenant at a time (folding mutates the cached state).
  const tenantLock = createKeyedLock();
  const maxAttempts = deps.maxAttempts ?? 3;

  function refresh(tenantId: string): Promise<PolicyState> {
    return tenantLock.run(tenantId, async () => {
      const state = cache.get(tenantId) ?? initialPolicyState(tenantId);
      const stream = policyStreamName(tenantId);
      const head = await deps.eventStore.streamVersion(stream);
      if (head > state.streamVersion) {
        const read = await deps.eventStore.readStream(stream, { fromVersion: state.streamVersion + 1 });
        if (!read.ok) throw new Error(`reading ${stream}: ${read.error.message}`);
        evolvePolicyState(state, read.value);
      }
      cache.set(tenantId, state);
      return state;
    });
  }

  function event(
    meta: PolicyCommandMeta,
    type: string,
    data: object,
    policyVersion: number,
    eventId: string = randomUUID(),
  ): NewEvent {
    return {
      eventId,
      type,
      data: data as Record<string, unknown>,
      metadata: {
        tenantId: meta.tenantId,
        correlationId: meta.correlationId,
        causationId: null,
        actor: { kind: meta.by.startsWith("system:") ? "system" : "admin", id: meta.by },
        modelVersion: null,
        policyVersion: String(policyVersion),
        sources: [],
      },
    };
  }

  async function append(state: PolicyState, events: NewEvent[]): Promise<Result<number, StreamConflict>> {
    const appended = await deps.eventStore.append(policyStreamName(state.tenantId), events, {
      expectedVersion: state.streamVersion,
    });
    if (appended.ok) return ok(appended.value.nextExpectedVersion);
    if (appended.error.code === "stream_conflict") return err(appended.error);
    throw new Error(`recording a policy event failed: ${appended.error.message}`);
  }

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

  /** Re-reads the state and retries a command whose append met a concurrent change. */
  async function withRetries<T, E extends { code: string }>(
    tenantId: string,
    attemptOnce: (state: PolicyState) => Promise<Result<T, E | StreamConflict>>,
  ) {
    let last: Result<T, E | StreamConflict> | undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      last = await attemptOnce(await refresh(tenantId));
      if (last.ok || last.error.code !== "stream_conflict") return last;
    }
    return last!;
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
      return withRetries<PushOutcome, PushError>(meta.tenantId, async (state) => {
        const decided = decidePush(state, { document, by: meta.by, dryRun: summary });
        if (!decided.ok) return decided;
        if (decided.value.kind === "already_pushed")
          return ok({ version: document.version, alreadyPushed: true, dryRun });
        const { data } = decided.value;
        const eventId = deterministicUuid(`policy.pushed|${meta.tenantId}|${data.version}|${data.documentSha256}`);
        const appended = await append(state, [event(meta, "policy.pushed", data, data.version, eventId)]);
        return appended.ok ? ok({ version: data.version, alreadyPushed: false, dryRun }) : appended;
      });
    },

    async activate(meta, version, reason = null) {
      return withRetries<ActivationOutcome, ActivateError>(meta.tenantId, async (state) => {
        const decided = decideActivate(state, { version, by: meta.by, reason });
        if (!decided.ok) return decided;
        if (decided.value.kind === "already_active") return ok(await activationOutcome(meta.tenantId, false, null));
        const { data } = decided.value;
        const appended = await append(state, [event(meta, "policy.activated", data, data.version)]);
        return appended.ok ? ok(await activationOutcome(meta.tenantId, true, data.previousVersion)) : appended;
      });
    },

    async rollback(meta, options = {}) {
      return withRetries<ActivationOutcome, RollbackError>(meta.tenantId, async (state) => {
        const decided = decideRollback(state, {
          ...(options.fromVersion === undefined ? {} : { fromVersion: options.fromVersion }),
          by: meta.by,
          reason: options.reason ?? null,
        });
        if (!decided.ok) return decided;
        if (decided.value.kind === "already_rolled_back")
          return ok(await activationOutcome(meta.tenantId, false, decided.value.fromVersion));
        const { data } = decided.value;
        const appended = await append(state, [event(meta, "policy.rolled_back", data, data.toVersion)]);
        return appended.ok ? ok(await activationOutcome(meta.tenantId, true, data.fromVersion)) : appended;
      });
    },

    async republish(tenantId) {
      const state = await refresh(tenantId);
      return activeActivation(state) ? publish(state) : null;
    },
  };
}
