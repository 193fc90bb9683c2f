import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { ActionsModule } from "./actions/actions-module.js";
import type { CentralConfig } from "./config.js";
import type { ProjectionRunner } from "./projections/projection-runner.js";
import type { PolicyStore } from "./policy/store/policy-store.js";
import { createCentralHttpApp } from "./wiring/central-http-app.js";
import { openCentralServices, type CentralOverrides, type CentralServices } from "./wiring/central-services.js";

export type { CentralOverrides } from "./wiring/central-services.js";

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

/** How often approvals past their deadline are recorded as expired and failed executions retried. */
const ACTION_SWEEP_MS = 30_000;

/** Opens the database (applying migrations), builds central's services and serves central's app over HTTP. */
export async function startCentral(config: CentralConfig, overrides: CentralOverrides = {}): Promise<CentralServer> {
  const log = overrides.log ?? ((line: string) => console.log(line));
  const logError = overrides.log ?? ((line: string) => console.error(line));
  const services = await openCentralServices(config, { role: "server", log, logError, overrides });
  const { database, llm, projections, policies, actions } = services;
  const { server, port } = await serveApp(config, services, logError);
  projections.start();
  const url = `http://${urlHost(config.host)}:${port}`;
  log(
    `central listening on ${url} ` +
      `(database: ${database.kind}, llm: ${llm.name}/${llm.model}${llm.offline ? ", offline" : ""})`,
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

/** Serves central's app over the services on the configured address; the database is closed when that fails. */
async function serveApp(config: CentralConfig, services: CentralServices, logError: (line: string) => void) {
  try {
    const app = createCentralHttpApp(config, services, logError);
    return await listen(app.fetch, config.host, config.port);
  } catch (error) {
    await services.database.close();
    throw error;
  }
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
