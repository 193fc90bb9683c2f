import { createHash } from "node:crypto";
import type { EventEnvelope } from "../../../shared/event-envelope.js";
import type { PolicyDryRunSummary } from "../../../shared/events/policy-events.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { StateEvolution } from "../../event-store/decider.js";
import { parseRecordedEvent, type RecordedEvent } from "../../event-store/recorded-event.js";
import { streamName } from "../../event-store/stream-name.js";

/** The stream holding a tenant's policy lifecycle: `policy:<tenantId>:policies`. */
export function policyStreamName(tenantId: string): string {
  return streamName("policy", tenantId, "policies");
}

/** One pushed (immutable) policy version. */
export interface PolicyVersionRecord {
  version: number;
  document: PolicyDocument;
  documentSha256: string;
  pushedAt: string;
  pushedBy: string;
  dryRun: PolicyDryRunSummary | null;
}

/** The active version and how it became active; `sequence` is the stream version of that event (monotonic). */
export interface PolicyActivation {
  version: number;
  at: string;
  by: string;
  how: "activated" | "rolled_back";
  sequence: number;
}

/** A tenant's policies folded from its stream. */
export interface PolicyState {
  tenantId: string;
  /** Events folded so far (the stream's version). */
  streamVersion: number;
  versions: ReadonlyMap<number, PolicyVersionRecord>;
  /**
   * Activations still in force, oldest first; the last is the active one. Activating pushes a version, rolling back
   * pops the last, so a rollback always returns to the version active before the current one.
   */
  stack: readonly PolicyActivation[];
  /** The last rollback recorded (to recognise a retried rollback). */
  lastRollback: { fromVersion: number; toVersion: number; sequence: number } | null;
}

/** The state of a tenant with no policy events. */
export function initialPolicyState(tenantId: string): PolicyState {
  return { tenantId, streamVersion: 0, versions: new Map(), stack: [], lastRollback: null };
}

/** The active activation, or null. */
export function activeActivation(state: PolicyState): PolicyActivation | null {
  return state.stack.at(-1) ?? null;
}

/** The highest version pushed so far (0 when none). */
export function latestPushedVersion(state: PolicyState): number {
  return Math.max(0, ...state.versions.keys());
}

/** How a tenant's policy state is folded from its stream (the deciders of `policy-deciders.ts` share it). */
export function policyEvolution(tenantId: string): StateEvolution<PolicyState, RecordedEvent> {
  return { initialState: () => initialPolicyState(tenantId), evolve: evolvePolicy };
}

/** Folds recorded policy events into a new state, reading each through the catalog first. */
export function evolvePolicyState(state: PolicyState, events: readonly EventEnvelope[]): PolicyState {
  return events.reduce((folded, event) => evolvePolicy(folded, parseRecordedEvent(event)), state);
}

/** The state after one recorded event (pure); events of other types only move the stream version. */
export function evolvePolicy(state: PolicyState, event: RecordedEvent): PolicyState {
  const next: PolicyState = { ...state, streamVersion: Math.max(state.streamVersion, event.streamVersion) };
  switch (event.type) {
    case "policy.pushed": {
      const { data } = event;
      const versions = new Map(state.versions).set(data.version, {
        version: data.version,
        document: data.document,
        documentSha256: data.documentSha256,
        pushedAt: event.recordedAt,
        pushedBy: data.pushedBy,
        dryRun: data.dryRun,
      });
      return { ...next, versions };
    }
    case "policy.activated": {
      const activation: PolicyActivation = {
        version: event.data.version,
        at: event.recordedAt,
        by: event.data.activatedBy,
        how: "activated",
        sequence: event.streamVersion,
      };
      return { ...next, stack: [...state.stack, activation] };
    }
    case "policy.rolled_back": {
      const { data } = event;
      const back = state.stack.at(-2);
      if (back && back.version !== data.toVersion)
        throw new Error(
          `policy stream of ${state.tenantId}: rollback to ${data.toVersion} but ${back.version} was below`,
        );
      const activation: PolicyActivation = {
        version: data.toVersion,
        at: event.recordedAt,
        by: data.rolledBackBy,
        how: "rolled_back",
        sequence: event.streamVersion,
      };
      return {
        ...next,
        stack: [...state.stack.slice(0, -2), activation],
        lastRollback: { fromVersion: data.fromVersion, toVersion: data.toVersion, sequence: event.streamVersion },
      };
    }
    default:
      return next;
  }
}

/** JSON with object keys sorted at every level: the same document always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Lower-case hex SHA-256 of a document's canonical JSON. */
export function documentSha256(document: PolicyDocument): string {
  return createHash("sha256").update(canonicalJson(document), "utf8").digest("hex");
}
