import type { OpenedErasure } from "../cli/erase-command.js";
import type { ProjectionStores } from "../cli/replay-command.js";
import type { CentralConfig } from "../config.js";
import { openCentralServices } from "./central-services.js";
import { edgeCacheIsShared } from "./configured-adapters.js";

// What the `frontdesk` commands run beside the server open: central's services over the configured database.

const MEMORY_CACHE_NOTE =
  "UPSTASH_REDIS_REST_URL is unset, so the edge summary cache lives in the running server's memory: this command " +
  "cannot clear it; a running server's projections publish the erased summary (no personal fields) when they read " +
  "customer.erased";

/** The erasure service over the configured database and edge cache, for `frontdesk erase`. */
export async function openErasure(config: CentralConfig, log: (line: string) => void): Promise<OpenedErasure> {
  const services = await openCentralServices(config, { role: "command", log, logError: log });
  return {
    erasure: services.erasure,
    notes: edgeCacheIsShared(config) ? [] : [MEMORY_CACHE_NOTE],
    close: () => services.database.close(),
  };
}

/** The store projections read and the storage they write, for `frontdesk replay`. */
export async function openProjectionStores(
  config: CentralConfig,
  log: (line: string) => void,
): Promise<ProjectionStores> {
  const services = await openCentralServices(config, { role: "command", log, logError: log });
  return {
    kind: services.database.kind,
    eventStore: services.eventStore,
    storage: services.projectionStorage,
    close: () => services.database.close(),
  };
}
