import type { Hono } from "hono";
import type { CorrelationIdEnv as CentralEnv } from "../shared/http/correlation-id/index.js";
import { createActionsModule, type ActionsModule } from "./actions/actions-module.js";
import { createProjectionSummaryReader } from "./actions/context/projection-summary-reader.js";
import type { ActionExecutor } from "./actions/executor/action-executor.js";
import { createFakeActionExecutor } from "./actions/executor/fake-action-executor.js";
import { createCentralApp } from "./app.js";
import type { CentralConfig } from "./config.js";
import { createDrizzleCustomerEventCounter } from "./erasure/customer-event-counter.js";
import type { CustomerKeyStore } from "./erasure/customer-key-store.js";
import { createEncryptedEventLog } from "./erasure/erasure-wiring.js";
import { createErasureService } from "./erasure/erasure-service.js";
import { createPersonalDataCipher } from "./erasure/personal-data-cipher.js";
import { createDrizzleEventStore } from "./event-store/drizzle-event-store.js";
import type { EventStore } from "./event-store/event-store.js";
import type { LlmProvider } from "./llm/llm-provider.js";
import type { ConfiguredDatabase } from "./open-configured-database.js";
import { policyPublisherFor } from "./policy/publish/configured-policy-publisher.js";
import type { PolicySnapshotPublisher } from "./policy/publish/policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyStore } from "./policy/store/policy-store.js";
import { createPolicyAudit, createRecordedProposals } from "./policy/store/recorded-proposals.js";
import { createDrizzleProjectionStorage } from "./projections/drizzle-projection-storage.js";
import { createProjectionRunner, type ProjectionRunner } from "./projections/projection-runner.js";
import { createDrizzleSnapshotStore } from "./snapshots/drizzle-snapshot-store.js";
import { summaryCacheFor } from "./summary-cache/configured-summary-cache.js";
import type { SummaryCache } from "./summary-cache/summary-cache.js";
import { createTurnService } from "./turns/turn-service.js";

/** Replacements for tests and embedding: a model provider, and where log lines go (default stdout/stderr). */
export interface CentralOverrides {
  llm?: LlmProvider;
  log?: (line: string) => void;
  /** The edge summary cache (default: the configured Upstash or in-memory one). */
  summaryCache?: SummaryCache;
  /** Where active policy snapshots go for the edge (default: the configured Upstash or an in-memory one). */
  policyPublisher?: PolicySnapshotPublisher;
  /** The execution layer of approved actions (default: the named fake, which calls no integration). */
  actionExecutor?: ActionExecutor;
}

/** Central's services over an open database: the HTTP app, and the parts a server starts, stops and reports on. */
export interface CentralWiring {
  app: Hono<CentralEnv>;
  /** The projections (customer summary, conversation state, cache publisher, snapshotter); not started yet. */
  projections: ProjectionRunner;
  policies: PolicyStore;
  actions: ActionsModule;
  /** The encrypting event store everything reads and writes through, and the customer keys under it. */
  eventStore: EventStore;
  keys: CustomerKeyStore;
}

/**
 * Wires central over an open, migrated database: the encrypting log, projections, erasure, policies, actions, turns
 * and the app. `startCentral` serves it; tests drive `app` in-process against PGlite or PostgreSQL.
 */
export function wireCentral(
  { database, masterKey, clock }: ConfiguredDatabase,
  config: CentralConfig,
  overrides: CentralOverrides & { llm: LlmProvider; logError: (line: string) => void },
): CentralWiring {
  const { llm, logError } = overrides;
  // Everything reads and writes through the encrypting store: personal fields are encrypted per customer.
  const { keys, eventStore } = createEncryptedEventLog({ db: database.db, masterKey, clock });
  const summaryCache = overrides.summaryCache ?? summaryCacheFor(config).cache;
  const storage = createDrizzleProjectionStorage(database.db);
  const projections = createProjectionRunner({
    eventStore,
    storage,
    summaryCache,
    snapshots: { store: createDrizzleSnapshotStore(database.db), every: config.snapshotEvery },
    pollMs: config.projectionPollMs,
    log: logError,
  });
  const tokens = { edge: config.edgeToken, admin: config.adminToken, scopedAdmin: config.scopedAdminTokens };
  const erasure = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: createDrizzleCustomerEventCounter(database.db),
    rebuildCustomer: () => projections.catchUp(),
    summaryCache,
    clock,
  });
  // The undecorated log for read models that need no personal fields in memory (they decrypt what a query returns).
  const logReader = createDrizzleEventStore(database.db, clock);
  const cipher = createPersonalDataCipher(keys);
  const policyAudit = createPolicyAudit(
    createRecordedProposals(logReader, { decrypt: (events) => cipher.decryptEvents(events) }),
  );
  const policies = createPolicyStore({
    eventStore,
    clock,
    publisher: overrides.policyPublisher ?? policyPublisherFor(config).publisher,
    dryRun: policyAudit,
  });
  const actions = createActionsModule({
    eventStore,
    logReader,
    llm,
    executor: overrides.actionExecutor ?? createFakeActionExecutor(),
    policies,
    summaries: createProjectionSummaryReader(storage),
    clock,
  });
  const afterReply = actions.afterReply((error) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logError(`${clock().toISOString()} action pipeline failed: ${detail}`);
  });
  const turns = createTurnService({ eventStore, llm, clock, historyTurns: config.historyTurns, afterReply });
  const app = createCentralApp({
    tokens,
    turns,
    eventStore,
    erasure,
    database,
    llm,
    clock,
    log: logError,
    policies: { store: policies, audit: policyAudit },
    approvals: actions.approvals,
  });
  return { app, projections, policies, actions, eventStore, keys };
}
