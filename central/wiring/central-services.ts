import type { ActionsModule } from "../actions/actions-module.js";
import { createProjectionSummaryReader } from "../actions/context/projection-summary-reader.js";
import type { ActionExecutor } from "../actions/executor/action-executor.js";
import { createFakeActionExecutor } from "../actions/executor/fake-action-executor.js";
import { systemClock, type Clock } from "../clock.js";
import type { CentralConfig } from "../config.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleCustomerEventCounter } from "../erasure/customer-event-counter.js";
import type { CustomerKeyStore } from "../erasure/customer-key-store.js";
import { createEncryptedEventLog } from "../erasure/encrypted-event-log.js";
import { createErasureService, type ErasureService } from "../erasure/erasure-service.js";
import { resolveMasterKey } from "../erasure/master-key.js";
import { createPersonalDataCipher } from "../erasure/personal-data-cipher.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import type { EventStore } from "../event-store/event-store.js";
import type { LlmProvider } from "../llm/llm-provider.js";
import type { PolicySnapshotPublisher } from "../policy/publish/policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyDryRun, type PolicyStore } from "../policy/store/policy-store.js";
import { createPolicyAudit, createRecordedProposals } from "../policy/store/recorded-proposals.js";
import { createDrizzleProjectionStorage } from "../projections/drizzle-projection-storage.js";
import { catchUpProjections, createProjectionRunner, type ProjectionRunner } from "../projections/projection-runner.js";
import type { ProjectionStorage } from "../projections/projection-storage.js";
import { createDrizzleSnapshotStore } from "../snapshots/drizzle-snapshot-store.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import type { TurnService } from "../turns/turn-service.js";
import { chooseLlmProvider, policyPublisherFor, summaryCacheFor } from "./configured-adapters.js";
import { createTurnsWithActions } from "./turns-with-actions.js";

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

/**
 * Who runs the services: the HTTP server (an erasure rebuilds the customer through its running projections) or a
 * command run beside one (an erasure catches every projection up once and publishes nothing: the erasure service
 * removes the edge cache entry itself, and the exactly-once guard makes the catch-up safe while a server runs).
 */
export type CentralRole = "server" | "command";

/** What central's services are built from: the validated configuration, the open database and its master key. */
export interface CentralServicesDeps {
  config: CentralConfig;
  database: Database;
  /** The master key from `resolveMasterKey`. */
  masterKey: Buffer;
  role: CentralRole;
  /** Default: the wall clock. */
  clock?: Clock;
  overrides?: Omit<CentralOverrides, "log">;
  /** Where failures of background work go (projections, the action pipeline); default stderr. */
  logError?: (line: string) => void;
}

/** Every central service, each built once. */
export interface CentralServices {
  database: Database;
  clock: Clock;
  llm: LlmProvider;
  /** The customers' data keys under the encrypting store (destroyed by an erasure). */
  keys: CustomerKeyStore;
  /** The store everything reads and writes: personal fields encrypted on append, decrypted on read. */
  eventStore: EventStore;
  /** The undecorated log, for read models that need no personal fields (they decrypt what a query returns). */
  logReader: EventStore;
  summaryCache: SummaryCache;
  projectionStorage: ProjectionStorage;
  /** The projections, the cache publisher and the snapshotter (not started: the server starts them). */
  projections: ProjectionRunner;
  erasure: ErasureService;
  policies: PolicyStore;
  /** The dry run of a candidate policy over recorded proposals. */
  policyAudit: PolicyDryRun;
  /** The proposal pipeline, the approval queue and their ledger. */
  actions: ActionsModule;
  /** Chat turns; each reply runs the action pipeline. */
  turns: TurnService;
}

/** Builds every central service over an open database: the composition root, read top to bottom. */
export function createCentralServices(deps: CentralServicesDeps): CentralServices {
  const { config, database } = deps;
  const overrides = deps.overrides ?? {};
  const clock = deps.clock ?? systemClock;
  const logError = deps.logError ?? ((line: string) => console.error(line));
  const llm = overrides.llm ?? chooseLlmProvider(config.llm);
  // Everything reads and writes through the encrypting store: personal fields are encrypted per customer.
  const { keys, eventStore } = createEncryptedEventLog({ db: database.db, masterKey: deps.masterKey, clock });
  const logReader = createDrizzleEventStore(database.db, clock);
  const summaryCache = overrides.summaryCache ?? summaryCacheFor(config);
  const projectionStorage = createDrizzleProjectionStorage(database.db);
  const projections = createProjectionRunner({
    eventStore,
    storage: projectionStorage,
    summaryCache,
    snapshots: { store: createDrizzleSnapshotStore(database.db), every: config.snapshotEvery },
    pollMs: config.projectionPollMs,
    log: logError,
  });
  const erasure = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: createDrizzleCustomerEventCounter(database.db),
    rebuildCustomer:
      deps.role === "server"
        ? () => projections.catchUp()
        : () => catchUpProjections({ eventStore, storage: projectionStorage }),
    summaryCache,
    clock,
  });
  const cipher = createPersonalDataCipher(keys);
  const policyAudit = createPolicyAudit(
    createRecordedProposals(logReader, { decrypt: (events) => cipher.decryptEvents(events) }),
  );
  const policies = createPolicyStore({
    eventStore,
    clock,
    publisher: overrides.policyPublisher ?? policyPublisherFor(config),
    dryRun: policyAudit,
  });
  const { actions, turns } = createTurnsWithActions({
    eventStore,
    logReader,
    llm,
    executor: overrides.actionExecutor ?? createFakeActionExecutor(),
    policies,
    summaries: createProjectionSummaryReader(projectionStorage),
    clock,
    historyTurns: config.historyTurns,
    onPipelineError: (error) => logError(`${clock().toISOString()} action pipeline failed: ${stackOf(error)}`),
  });
  return {
    database,
    clock,
    llm,
    keys,
    eventStore,
    logReader,
    summaryCache,
    projectionStorage,
    projections,
    erasure,
    policies,
    policyAudit,
    actions,
    turns,
  };
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** How {@link openCentralServices} runs. */
export interface OpenCentralServicesOptions {
  role: CentralRole;
  /** Where the master key's origin is told (the server: stdout; a command: stderr). */
  log: (line: string) => void;
  /** Where failures of background work go (default stderr). */
  logError?: (line: string) => void;
  overrides?: Omit<CentralOverrides, "log">;
}

/**
 * Opens (and migrates) the configured database, resolves the master key (ENCRYPTION_MASTER_KEY or
 * `<data dir>/master.key`) and builds every service over them; the database is closed again when a step fails.
 * Close the services with `database.close()`.
 */
export async function openCentralServices(
  config: CentralConfig,
  options: OpenCentralServicesOptions,
): Promise<CentralServices> {
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  try {
    const master = await resolveMasterKey({
      configured: config.encryptionMasterKey,
      dataDir: config.dataDir,
      kind: database.kind,
      log: options.log,
    });
    if (!master.ok) throw new Error(master.error.message);
    return createCentralServices({
      config,
      database,
      masterKey: master.value.key,
      role: options.role,
      ...(options.overrides ? { overrides: options.overrides } : {}),
      ...(options.logError ? { logError: options.logError } : {}),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
}
