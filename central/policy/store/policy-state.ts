import { createHash } from "node:crypto";
import type { EventEnvelope } from "../../../shared/event-envelope.js";
import {
  policyActivatedDataSchema,
  policyPushedDataSchema,
  policyRolledBackDataSchema,
  type PolicyDryRunSummary,
} from "../../../shared/events/policy-events.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
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
  versions: Map<number, PolicyVersionRecord>;
  /**
   * Activations still in force, oldest first; the last is the active one. Activating pushes a version, rolling back
   * pops the last, so a rollback always returns to the version active before the current one.
   */
  stack: PolicyActivation[];
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

/** Folds recorded policy events into the state (in place, returns it); events of other types are ignored. */
export function evolvePolicyState(state: PolicyState, events: readonly EventEnvelope[]): PolicyState {
  for (const event of events) {
    state.streamVersion = Math.max(state.streamVersion, event.streamVersion);
    if (event.type === "policy.pushed") {
      const data = policyPushedDataSchema.parse(event.data);
      state.versions.set(data.version, {
        version: data.version,
        document: data.document,
        documentSha256: data.documentSha256,
        pushedAt: event.recordedAt,
        pushedBy: data.pushedBy,
        dryRun: data.dryRun,
      });
    } else if (event.type === "policy.activated") {
      const data = policyActivatedDataSchema.parse(event.data);
      state.stack.push({
        version: data.version,
        at: event.recordedAt,
        by: data.activatedBy,
        how: "activated",
        sequence: event.streamVersion,
      });
    } else if (event.type === "policy.rolled_back") {
      const data = policyRolledBackDataSchema.parse(event.data);
      state.stack.pop();
      const back = state.stack.pop();
      state.stack.push({
        version: data.toVersion,
        at: event.recordedAt,
        by: data.rolledBackBy,
        how: "rolled_back",
        sequence: event.streamVersion,
      });
      if (back && back.version !== data.toVersion)
        throw new Error(
          `policy stream of ${state.tenantId}: rollback to ${data.toVersion} but ${back.version} was below`,
        );
      state.lastRollback = { fromVersion: data.fromVersion, toVersion: data.toVersion, sequence: event.streamVersion };
    }
  }
  return state;
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
