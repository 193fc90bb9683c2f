import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createActionsModule, type ActionsModule } from "./actions/actions-module.js";
import { createProjectionSummaryReader } from "./actions/context/projection-summary-reader.js";
import type { ActionExecutor } from "./actions/executor/action-executor.js";
import { createFakeActionExecutor } from "./actions/executor/fake-action-executor.js";
import { createCentralApp } from "./app.js";
import { chooseLlmProvider } from "./choose-llm-provider.js";
import type { CentralConfig } from "./config.js";
import { createDrizzleCustomerEventCounter } from "./erasure/customer-event-counter.js";
import { createEncryptedEventLog } from "./erasure/erasure-wiring.js";
import { createDrizzleEventStore } from "./event-store/drizzle-event-store.js";
import { createErasureService } from "./erasure/erasure-service.js";
import { createPersonalDataCipher } from "./erasure/personal-data-cipher.js";
import type { LlmProvider } from "./llm/llm-provider.js";
import { createDrizzleProjectionStorage } from "./projections/drizzle-projection-storage.js";
import { createProjectionRunner, type ProjectionRunner } from "./projections/projection-runner.js";
import { openConfiguredDatabase } from "./open-configured-database.js";
import { policyPublisherFor } from "./policy/publish/configured-policy-publisher.js";
import type { PolicySnapshotPublisher } from "./policy/publish/policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyStore } from "./policy/store/policy-store.js";
import { createPolicyAudit, createRecordedProposals } from "./policy/store/recorded-proposals.js";
import { createDrizzleSnapshotStore } from "./snapshots/drizzle-snapshot-store.js";
import { summaryCacheFor } from "./summary-cache/configured-summary-cache.js";
import type { SummaryCache } from "./summary-cache/summary-cache.js";
import { createTurnService } from "./turns/turn-service.js";

/** A running central service. */
export interface CentralServer {
  /** Base URL, with the port actually bound (useful with port 0). */
  url: string;
  port: number;
  /** The projections running in-process (customer summary, conversation state, cache publisher, snapshotter). */
  projections: ProjectionRunner;
  /** Tenants' policies (push, activate, roll back; the active one per tenant). */
  policies: PolicyStore;
  /** The action proposal pipeline, the approval queue and their ledger. */
  actions: ActionsModule;
  /** Stops accepting requests, drops open connections, stops the projections and closes the database. */
  close(): Promise<void>;
}

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

/** How often approvals past their deadline are recorded as expired and failed executions retried. */
const ACTION_SWEEP_MS = 30_000;

/** Opens the database (applying migrations), picks the model provider and serves central's app over HTTP. */
export async function startCentral(config: CentralConfig, overrides: CentralOverrides = {}): Promise<CentralServer> {
  const log = overrides.log ?? ((line: string) => console.log(line));
  const logError = overrides.log ?? ((line: string) => console.error(line));
  const llm = overrides.llm ?? chooseLlmProvider(config.llm);
  const { database, server, port, projections, policies, actions } = await openConfiguredDatabase(
    config,
    log,
    async ({ database, masterKey, clock }) => {
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
      const afterReply = actions.afterReply((error) =>
        logError(
          `${clock().toISOString()} action pipeline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      );
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
      const { server, port } = await listen(app.fetch, config.host, config.port);
      projections.start();
      return { database, server, port, projections, policies, actions };
    },
  );
  const url = `http://${urlHost(config.host)}:${port}`;
  log(
    `central listening on ${url} (database: ${database.kind}, llm: ${llm.name}/${llm.model}${llm.offline ? ", offline" : ""})`,
  );
  if (!overrides.actionExecutor)
    log("actions: approved actions go to the FAKE executor (it records them; no integration is called)");
  // Records approvals past their deadline and retries approved actions whose execution failed or was interrupted.
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = () => {
    sweeping = actions.approvals.sweep().then(
      () => {},
      (error: unknown) =>
        logError(
          `${new Date().toISOString()} action sweep failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  };
  sweep();
  const sweeper = setInterval(sweep, ACTION_SWEEP_MS);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    projections,
    policies,
    actions,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
        await closed;
        await projections.stop();
        await sweeping;
        await database.close();
      })()),
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const failed = (error: Error) => reject(new Error(`cannot listen on ${hostname}:${port}: ${error.message}`));
    const server = serve({ fetch, hostname, port }, (info: AddressInfo) => {
      server.off("error", failed);
      resolve({ server, port: info.port });
    });
    server.once("error", failed);
  });
}

/** The host part of a URL for connecting to a listening address (wildcards become loopback). */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
