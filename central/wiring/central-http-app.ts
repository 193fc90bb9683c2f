import { createCentralApp } from "../app.js";
import type { CentralConfig } from "../config.js";
import type { CentralServices } from "./central-services.js";

/** Central's HTTP app over its services: what `startCentral` serves and what in-process tests drive. */
export function createCentralHttpApp(
  config: CentralConfig,
  services: CentralServices,
  logError: (line: string) => void,
): ReturnType<typeof createCentralApp> {
  return createCentralApp({
    tokens: { edge: config.edgeToken, admin: config.adminToken, scopedAdmin: config.scopedAdminTokens },
    turns: services.turns,
    eventStore: services.eventStore,
    erasure: services.erasure,
    database: services.database,
    llm: services.llm,
    clock: services.clock,
    log: logError,
    policies: { store: services.policies, audit: services.policyAudit },
    approvals: services.actions.approvals,
  });
}
