import { Hono } from "hono";
import { createAdminAuth, requireAdminToken, type ScopedAdminToken } from "./auth/index.js";
import type { DatabaseKind } from "./db/database.js";
import type { ErasureService } from "./erasure/erasure-service.js";
import type { EventStore } from "./event-store/event-store.js";
import type { Clock } from "./clock.js";
import { approvalRoutes } from "./actions/http/approval-routes.js";
import type { ApprovalService } from "./actions/pipeline/approval-service.js";
import { channelEventRoutes } from "./channels/channel-event-routes.js";
import { adminRoutes } from "./http/admin-routes.js";
import { policyRoutes } from "./policy/http/policy-routes.js";
import type { PolicyDryRun, PolicyStore } from "./policy/store/policy-store.js";
import { correlationId, type CorrelationIdEnv as CentralEnv } from "../shared/http/correlation-id/index.js";
import { centralProblems } from "./http/central-problems.js";
import { healthRoutes } from "./http/health-routes.js";
import { erasureRoutes } from "./http/erasure-routes.js";
import { timelineRoutes } from "./http/timeline-routes.js";
import { turnRoutes } from "./http/turn-routes.js";
import type { TurnService } from "./turns/turn-service.js";

/** What central's HTTP app is built from. */
export interface CentralAppDeps {
  /** Bearer tokens: the edge's (for /v1/turns), the root admin's and the scoped admin tokens (for /v1/admin). */
  tokens: { edge: string; admin: string; scopedAdmin?: readonly ScopedAdminToken[] };
  turns: TurnService;
  eventStore: EventStore;
  /** Crypto-shredding erasure of a customer's personal data. */
  erasure: ErasureService;
  database: { kind: DatabaseKind; ping(): Promise<void> };
  llm: { name: string; model: string; offline: boolean };
  clock: Clock;
  /** Tenants' policies (admin API under /v1/admin/tenants/:tenantId/policies) and the replay of recorded proposals. */
  policies?: { store: PolicyStore; audit?: PolicyDryRun };
  /** The human approval queue (admin API under /v1/admin/tenants/:tenantId/approvals). */
  approvals?: ApprovalService;
  /** Where unexpected errors are reported (default: stderr). */
  log?: (line: string) => void;
}

/** Builds central's Hono app: health, turns for the edge, the admin API, and one error handler. */
export function createCentralApp(deps: CentralAppDeps): Hono<CentralEnv> {
  const log = deps.log ?? ((line: string) => console.error(line));
  const reportBug = (error: unknown, where: string) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${deps.clock().toISOString()} internal error in ${where}: ${detail}`);
  };

  const adminAuth = createAdminAuth({ adminToken: deps.tokens.admin, scopedTokens: deps.tokens.scopedAdmin ?? [] });
  const app = new Hono<CentralEnv>();
  app.use("*", correlationId());
  app.use("/v1/admin/*", requireAdminToken(adminAuth));
  app.route("/", healthRoutes(deps));
  app.route(
    "/",
    turnRoutes({
      edgeToken: deps.tokens.edge,
      turns: deps.turns,
      onStreamError: (error) => reportBug(error, "POST /v1/turns stream"),
    }),
  );
  app.route("/", channelEventRoutes({ edgeToken: deps.tokens.edge, eventStore: deps.eventStore }));
  app.route("/", adminRoutes({ auth: adminAuth, eventStore: deps.eventStore }));
  app.route("/", timelineRoutes({ auth: adminAuth, eventStore: deps.eventStore }));
  app.route("/", erasureRoutes({ auth: adminAuth, erasure: deps.erasure }));
  if (deps.policies)
    app.route(
      "/",
      policyRoutes({
        auth: adminAuth,
        policies: deps.policies.store,
        ...(deps.policies.audit ? { audit: deps.policies.audit } : {}),
      }),
    );
  if (deps.approvals) app.route("/", approvalRoutes({ auth: adminAuth, approvals: deps.approvals }));

  const problems = centralProblems(reportBug);
  app.notFound(problems.notFound);
  app.onError(problems.onError);
  return app;
}
