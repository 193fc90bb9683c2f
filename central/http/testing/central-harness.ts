import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/database.js";
import { loadConfig } from "../../config.js";
import { createInMemoryPolicySnapshotPublisher } from "../../policy/publish/in-memory-policy-snapshot-publisher.js";
import { createInMemorySummaryCache } from "../../summary-cache/in-memory-summary-cache.js";
import { createCentralHttpApp } from "../../wiring/central-http-app.js";
import { createCentralServices, type CentralServices } from "../../wiring/central-services.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";

/** The root admin token of {@link createCentralHarness}. */
export const HARNESS_ADMIN_TOKEN = "admin-token-0123456789abcdef";
/** The edge token of {@link createCentralHarness}. */
export const HARNESS_EDGE_TOKEN = "edge-token-0123456789abcdef";

/** What a customer writes to make the harness's model propose a refund of 5.00 EUR. */
export const REFUND_ASK = "please refund my order";

const countsSchema = z.object({
  rows: z.array(z.object({ events: z.coerce.number(), keys: z.coerce.number() })).length(1),
});

/** Rows a request may write: events in the log and customers' data keys. */
export interface WrittenRows {
  events: number;
  keys: number;
}

/**
 * Central wired as `startCentral` wires it (encrypting log, erasure, policies, actions, turns) over a test database,
 * driven in-process through `request`. The model replies "On its way." and proposes a refund when asked for one;
 * caches and the policy publisher are in memory; projections are caught up by erasures only (not polling).
 */
export function createCentralHarness(database: Database): CentralServices & {
  app: ReturnType<typeof createCentralHttpApp>;
  request(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  written(): Promise<WrittenRows>;
} {
  const config = loadConfig({ ADMIN_TOKEN: HARNESS_ADMIN_TOKEN, EDGE_TOKEN: HARNESS_EDGE_TOKEN, CENTRAL_PORT: "0" });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  const llm = createScriptedFakeLlmProvider({
    script: (request) => {
      if (!request.responseFormat) return fakeReply("On its way.");
      const asked = request.messages.some((message) => message.role === "user" && message.text.includes(REFUND_ASK));
      const refund = { type: "refund", amountMinor: 500, currency: "EUR", reason: "the customer asked" };
      return fakeReply(JSON.stringify({ proposals: asked ? [refund] : [] }));
    },
  });
  const services = createCentralServices({
    config: config.value,
    database,
    masterKey: randomBytes(32),
    role: "server",
    logError: () => {},
    overrides: {
      llm,
      summaryCache: createInMemorySummaryCache(),
      policyPublisher: createInMemoryPolicySnapshotPublisher(),
    },
  });
  const app = createCentralHttpApp(config.value, services, () => {});
  return {
    ...services,
    app,
    request: async (method, path, body, token) =>
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token ?? (path.startsWith("/v1/admin") ? HARNESS_ADMIN_TOKEN : HARNESS_EDGE_TOKEN)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    async written() {
      const result = await database.db.execute(
        sql`select (select count(*) from events) as events, (select count(*) from customer_keys) as keys`,
      );
      const [row] = countsSchema.parse(result).rows;
      return { events: row?.events ?? 0, keys: row?.keys ?? 0 };
    },
  };
}
