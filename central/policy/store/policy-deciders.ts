import type { NewEvent } from "../../../shared/event-envelope.js";
import type {
  PolicyActivatedData,
  PolicyDryRunSummary,
  PolicyPushedData,
  PolicyRolledBackData,
} from "../../../shared/events/policy-events.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { err, ok } from "../../../shared/result.js";
import type { Decider } from "../../event-store/decider.js";
import type { RecordedEvent } from "../../event-store/recorded-event.js";
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
import { policyEvolution, type PolicyState } from "./policy-state.js";

// A tenant's policy lifecycle as deciders over its stream `policy:<tenantId>:policies`: the pure decisions of
// `policy-lifecycle.ts` turned into the events they record; central/event-store handleCommand runs them.

/** Who asks and in which request (recorded on the events). */
export interface PolicyCommandMeta {
  tenantId: string;
  by: string;
  correlationId: string;
}

/** What every policy command carries: who asks, and the id of the event it would record. */
interface PolicyCommand {
  meta: PolicyCommandMeta;
  eventId: string;
}

/** Push a validated document, with the dry-run's summary when one ran. */
export interface PushPolicy extends PolicyCommand {
  document: PolicyDocument;
  dryRun: PolicyDryRunSummary | null;
}

/** Activate a pushed version. */
export interface ActivatePolicy extends PolicyCommand {
  version: number;
  reason: string | null;
}

/** Roll back to the version active before; `fromVersion` is the version the caller saw active. */
export interface RollBackPolicy extends PolicyCommand {
  fromVersion?: number;
  reason: string | null;
}

/** Whether an activation or rollback recorded something, and which version was active before it. */
export interface ActivationChange {
  changed: boolean;
  previousVersion: number | null;
}

type PolicyDecider<Command, Failure extends { code: string }, Outcome> = Decider<
  PolicyState,
  Command,
  RecordedEvent,
  Failure,
  Outcome
>;

/** The event a policy command records (tenant-level: no customer, no personal data). */
function policyEvent(
  command: PolicyCommand,
  event:
    | { type: "policy.pushed"; data: PolicyPushedData }
    | { type: "policy.activated"; data: PolicyActivatedData }
    | { type: "policy.rolled_back"; data: PolicyRolledBackData },
  policyVersion: number,
): NewEvent {
  const { meta } = command;
  return {
    eventId: command.eventId,
    type: event.type,
    data: event.data,
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

/** Records a new immutable version ({@link decidePush}); the identical version again records nothing. */
export function pushDecider(
  tenantId: string,
): PolicyDecider<
  PushPolicy,
  PolicyTenantMismatch | PolicyVersionExists | PolicyVersionNotIncreasing,
  { alreadyPushed: boolean }
> {
  return {
    ...policyEvolution(tenantId),
    decide(command, state) {
      const decided = decidePush(state, { document: command.document, by: command.meta.by, dryRun: command.dryRun });
      if (!decided.ok) return err(decided.error);
      if (decided.value.kind === "already_pushed") return ok({ events: [], outcome: { alreadyPushed: true } });
      const { data } = decided.value;
      const event = policyEvent(command, { type: "policy.pushed", data }, data.version);
      return ok({ events: [event], outcome: { alreadyPushed: false } });
    },
  };
}

/** Activates a pushed version ({@link decideActivate}); activating the active one records nothing. */
export function activateDecider(
  tenantId: string,
): PolicyDecider<ActivatePolicy, PolicyVersionNotFound, ActivationChange> {
  return {
    ...policyEvolution(tenantId),
    decide(command, state) {
      const decided = decideActivate(state, { version: command.version, by: command.meta.by, reason: command.reason });
      if (!decided.ok) return err(decided.error);
      if (decided.value.kind === "already_active")
        return ok({ events: [], outcome: { changed: false, previousVersion: null } });
      const { data } = decided.value;
      const event = policyEvent(command, { type: "policy.activated", data }, data.version);
      return ok({ events: [event], outcome: { changed: true, previousVersion: data.previousVersion } });
    },
  };
}

/** Rolls back to the version active before ({@link decideRollback}); a retried rollback records nothing. */
export function rollbackDecider(
  tenantId: string,
): PolicyDecider<RollBackPolicy, NoRollbackTarget | ActiveVersionMismatch, ActivationChange> {
  return {
    ...policyEvolution(tenantId),
    decide(command, state) {
      const decided = decideRollback(state, {
        ...(command.fromVersion === undefined ? {} : { fromVersion: command.fromVersion }),
        by: command.meta.by,
        reason: command.reason,
      });
      if (!decided.ok) return err(decided.error);
      if (decided.value.kind === "already_rolled_back")
        return ok({ events: [], outcome: { changed: false, previousVersion: decided.value.fromVersion } });
      const { data } = decided.value;
      const event = policyEvent(command, { type: "policy.rolled_back", data }, data.toVersion);
      return ok({ events: [event], outcome: { changed: true, previousVersion: data.fromVersion } });
    },
  };
}
