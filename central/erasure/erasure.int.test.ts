import { randomBytes } from "node:crypto";
import { createAdminAuth } from "../auth/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationEventsResponseSchema,
  conversationTimelineResponseSchema,
  erasureReportSchema,
} from "../../shared/admin-api.js";
import type { ChatStreamEvent } from "../../shared/chat-api.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { createThrowawayDatabase, detectTestPostgres } from "../../test/support/postgres.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { sql } from "drizzle-orm";
import { loadConfig, type CentralConfig } from "../config.js";
import { openDatabase, type Database } from "../db/database.js";
import { conversationStates, customerSummaries, snapshots } from "../db/schema.js";
import { adminRoutes } from "../http/admin-routes.js";
import { erasureRoutes } from "../http/erasure-routes.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { timelineRoutes } from "../http/timeline-routes.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import { createTurnService } from "../turns/turn-service.js";
import { createCentralServices } from "../wiring/central-services.js";
import { rawEventRows } from "./encrypting-event-store.database.contract.js";
import { resolveMasterKey } from "./master-key.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { personalDataIn, SAMPLE_PERSONAL, sampleProfile, sampleRefund } from "./testing/sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const TENANT = "acme";
const CUSTOMER = "cust-ada";

/** Central's configuration with the test tokens and `env` (the database is opened by each test). */
function testConfig(env: Record<string, string>): CentralConfig {
  const config = loadConfig({ ADMIN_TOKEN, EDGE_TOKEN: "edge-token-0123456789abcdef", ...env });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  return config.value;
}

/** Everything the projections keep, as stored text: summaries, conversation states and snapshots. */
async function projectionText(database: Database): Promise<string> {
  const { db } = database;
  const [summaries, states, snaps] = await Promise.all([
    db.select({ text: sql<string>`${customerSummaries.summary}::text` }).from(customerSummaries),
    db.select({ text: sql<string>`${conversationStates.state}::text` }).from(conversationStates),
    db.select({ text: sql<string>`${snapshots.state}::text` }).from(snapshots),
  ]);
  return JSON.stringify([summaries, states, snaps]);
}

async function drain(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function describeErasureEndToEnd(
  name: string,
  open: () => Promise<{ database: Database; dataDir: string; cleanUp(): Promise<void> }>,
) {
  describe(`erasure end to end on ${name}`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanUp();
    });

    it("leaves no personal data readable anywhere while keeping the audit trail", async () => {
      const { database } = opened;
      // PGlite generates its key file; PostgreSQL needs ENCRYPTION_MASTER_KEY.
      const configured = database.kind === "postgres" ? randomBytes(32).toString("base64") : undefined;
      const master = await resolveMasterKey({ configured, dataDir: opened.dataDir, kind: database.kind });
      if (!master.ok) throw new Error(master.error.message);
      const summaryCache = createInMemorySummaryCache();
      const clock = () => new Date();
      // Central's services as the server builds them (its projections are driven by hand here instead of polling).
      const {
        keys,
        eventStore,
        erasure,
        projections: runner,
      } = createCentralServices({
        config: testConfig({ SNAPSHOT_EVERY: "2" }),
        database,
        masterKey: master.value.key,
        role: "server",
        clock,
        overrides: { summaryCache },
        logError: () => {},
      });

      // A profile, a real chat turn through the turn service, and a refund proposed and approved.
      await eventStore.append(`customer:${TENANT}:${CUSTOMER}`, [sampleProfile(CUSTOMER)], {
        expectedVersion: "no_stream",
      });
      const llm = createScriptedFakeLlmProvider({ script: () => fakeReply(SAMPLE_PERSONAL.reply) });
      const turns = createTurnService({ eventStore, llm, clock, historyTurns: 20 });
      const message = inboundMessage({ tenantId: TENANT, customerId: CUSTOMER, text: SAMPLE_PERSONAL.message });
      const streamed = await drain(turns.runTurn(message));
      expect(streamed.at(-1)?.event).toBe("done");
      expect(llm.requests[0]?.messages.map((entry) => entry.text).join(" ")).toContain(SAMPLE_PERSONAL.message);
      await eventStore.append(`conversation:${TENANT}:conv-1`, sampleRefund(CUSTOMER, "conv-1", { tenantId: TENANT }), {
        expectedVersion: 2,
      });
      await runner.catchUp();
      await runner.publishPending();
      // Before: the projection and the edge cache hold the profile in clear, the log only ciphertext.
      const cached = await summaryCache.read(TENANT, CUSTOMER);
      expect(cached.ok && cached.value?.profile).toEqual({
        name: SAMPLE_PERSONAL.name,
        email: SAMPLE_PERSONAL.email,
        phone: SAMPLE_PERSONAL.phone,
        tier: "gold",
      });
      expect(personalDataIn(await projectionText(database))).toEqual(
        expect.arrayContaining([SAMPLE_PERSONAL.name, SAMPLE_PERSONAL.email]),
      );
      expect(await database.db.select({ kind: snapshots.kind }).from(snapshots)).not.toHaveLength(0);

      const app = routeTestApp(
        adminRoutes({ auth: createAdminAuth({ adminToken: ADMIN_TOKEN }), eventStore }),
        timelineRoutes({ auth: createAdminAuth({ adminToken: ADMIN_TOKEN }), eventStore }),
        erasureRoutes({ auth: createAdminAuth({ adminToken: ADMIN_TOKEN }), erasure }),
      );
      const timelinePath = `/v1/admin/tenants/${TENANT}/conversations/conv-1/timeline`;
      const before = conversationTimelineResponseSchema.parse(
        await (await app.request(timelinePath, { headers: admin })).json(),
      );
      expect(before.entries[0]?.data.text).toBe(SAMPLE_PERSONAL.message);
      expect(personalDataIn(await rawEventRows(database))).toEqual([]);

      const response = await app.request(`/v1/admin/tenants/${TENANT}/customers/${CUSTOMER}/erasure`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ reason: "GDPR art. 17 request #42", requestedBy: "dpo@acme" }),
      });
      expect(response.status).toBe(200);
      const report = erasureReportSchema.parse(await response.json());
      expect(report).toMatchObject({
        alreadyErased: false,
        keyDestroyed: true,
        counts: { events: 5, eventsWithPersonalData: 4, personalFields: 6 },
      });

      // The admin views show no personal data; everything else is as it was.
      const after = conversationTimelineResponseSchema.parse(
        await (await app.request(timelinePath, { headers: admin })).json(),
      );
      const events = conversationEventsResponseSchema.parse(
        await (await app.request(`/v1/admin/tenants/${TENANT}/conversations/conv-1/events`, { headers: admin })).json(),
      );
      for (const body of [after, events]) expect(personalDataIn(JSON.stringify(body))).toEqual([]);
      expect(after.entries.map((entry) => entry.type)).toEqual(before.entries.map((entry) => entry.type));
      expect(after.entries.map((entry) => entry.eventId)).toEqual(before.entries.map((entry) => entry.eventId));
      expect(after.entries.map((entry) => entry.data.text ?? entry.data.reason ?? null)).toEqual([
        ERASED_TEXT,
        ERASED_TEXT,
        ERASED_TEXT,
        null,
      ]);
      expect(after.entries[3]?.data).toMatchObject({ amountMinor: 1250, currency: "EUR", approvedBy: "admin-1" });
      expect(after.entries[1]).toMatchObject({
        causedBy: { type: "message.received" },
        modelVersion: "fake-model-001",
        data: { usage: { totalTokens: 15 } },
      });
      expect(after.customers).toEqual([{ customerId: CUSTOMER, erased: true, erasedAt: report.erasure.recordedAt }]);
      const [profile, erased] = await streamEvents(eventStore, `customer:${TENANT}:${CUSTOMER}`);
      expect(profile?.data).toEqual({ customerId: CUSTOMER, name: null, email: null, phone: null, tier: "gold" });
      expect(erased).toMatchObject({ type: "customer.erased", data: { requestedBy: "dpo@acme" } });

      // The raw rows never held plaintext, the key is gone, the projections were rebuilt and the cache entry removed.
      expect(personalDataIn(await rawEventRows(database))).toEqual([]);
      expect(await keys.get(TENANT, CUSTOMER)).toBeNull();
      expect(personalDataIn(await projectionText(database))).toEqual([]);
      const [summaryRow] = await database.db.select().from(customerSummaries);
      expect(summaryRow?.summary).toMatchObject({
        profile: { name: null, email: null, phone: null },
        flags: { erased: true },
        counts: { messages: 1, approvals: 1 },
        lastAction: { type: "refund", outcome: "approved", amount: 1250 },
      });
      expect(await summaryCache.read(TENANT, CUSTOMER)).toEqual({ ok: true, value: null });
      // The publisher's next step brings the edge the erased summary (newer than anything it held), still without
      // personal data.
      await runner.publishPending();
      const republished = await summaryCache.read(TENANT, CUSTOMER);
      expect(republished.ok && republished.value?.flags.erased).toBe(true);
      expect(personalDataIn(JSON.stringify(republished))).toEqual([]);

      // Erasing again records nothing new.
      const again = erasureReportSchema.parse(
        await (
          await app.request(`/v1/admin/tenants/${TENANT}/customers/${CUSTOMER}/erasure`, {
            method: "POST",
            headers: { ...admin, "content-type": "application/json" },
            body: JSON.stringify({ reason: "duplicate request" }),
          })
        ).json(),
      );
      expect(again).toMatchObject({
        alreadyErased: true,
        keyDestroyed: false,
        erasure: report.erasure,
        counts: report.counts,
      });
      expect(await eventStore.streamVersion(`customer:${TENANT}:${CUSTOMER}`)).toBe(2);
    });
  });
}

describeErasureEndToEnd("PGlite", async () => {
  const dir = await makeTempDir();
  const database = await openDatabase({ dataDir: dir.path });
  return { database, dataDir: dir.path, cleanUp: async () => (await database.close(), await dir.remove()) };
});

const postgres = await detectTestPostgres();
describe.skipIf(!postgres.reachable)("on PostgreSQL", () => {
  describeErasureEndToEnd("PostgreSQL", async () => {
    const dir = await makeTempDir();
    const throwaway = await createThrowawayDatabase(postgres.url);
    const database = await openDatabase({ databaseUrl: throwaway.url, dataDir: dir.path });
    return {
      database,
      dataDir: dir.path,
      cleanUp: async () => (await database.close(), await throwaway.drop(), await dir.remove()),
    };
  });
});
