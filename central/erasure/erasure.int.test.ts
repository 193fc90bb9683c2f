import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationEventsResponseSchema, conversationTimelineResponseSchema, erasureReportSchema } from "../../shared/admin-api.js";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import type { ChatStreamEvent } from "../../shared/chat-api.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { createThrowawayDatabase, detectTestPostgres } from "../../test/support/postgres.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../../test/support/scripted-fake-llm-provider.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { openDatabase, type Database } from "../db/database.js";
import { adminRoutes } from "../http/admin-routes.js";
import { erasureRoutes } from "../http/erasure-routes.js";
import { routeTestApp } from "../http/route-test-app.js";
import { timelineRoutes } from "../http/timeline-routes.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import { createTurnService } from "../turns/turn-service.js";
import { rawEventRows } from "./encrypting-event-store.database.contract.js";
import { wireErasure } from "./erasure-wiring.js";
import { resolveMasterKey } from "./master-key.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { personalDataIn, SAMPLE_PERSONAL, sampleProfile, sampleRefund } from "./sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const TENANT = "acme";
const CUSTOMER = "cust-ada";

/** What the customer's summary held before erasure, as the projection would have published it to the edge. */
function publishedSummary(): CustomerSummary {
  return {
    tenantId: TENANT,
    customerId: CUSTOMER,
    version: 3,
    profile: { name: SAMPLE_PERSONAL.name, email: SAMPLE_PERSONAL.email, phone: SAMPLE_PERSONAL.phone, tier: "gold" },
    openConversations: ["conv-1"],
    lastIntents: [],
    lastAction: null,
    counts: { messages: 2, refunds: 1, approvals: 1 },
    flags: { openEscalation: false, erased: false },
    lastMessageAt: "2026-11-23T10:00:00.000Z",
    updatedAt: "2026-11-23T10:00:00.000Z",
  };
}

async function drain(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function describeErasureEndToEnd(name: string, open: () => Promise<{ database: Database; dataDir: string; cleanUp(): Promise<void> }>) {
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
      const rebuilds: string[] = [];
      const clock = () => new Date();
      const { keys, eventStore, erasure } = wireErasure({
        db: database.db,
        masterKey: master.value.key,
        clock,
        summaryCache,
        // Recording fake: the projections' customer rebuild is not in the tree yet.
        createRebuildCustomer: () => async (tenantId, customerId) => void rebuilds.push(`${tenantId}/${customerId}`),
      });

      // A profile, a real chat turn through the turn service, and a refund proposed and approved.
      await eventStore.append(`customer:${TENANT}:${CUSTOMER}`, [sampleProfile(CUSTOMER)], { expectedVersion: "no_stream" });
      const llm = createScriptedFakeLlmProvider({ script: () => fakeReply(SAMPLE_PERSONAL.reply) });
      const turns = createTurnService({ eventStore, llm, clock, historyTurns: 20 });
      const message = inboundMessage({ tenantId: TENANT, customerId: CUSTOMER, text: SAMPLE_PERSONAL.message });
      const streamed = await drain(turns.runTurn(message));
      expect(streamed.at(-1)?.event).toBe("done");
      expect(llm.requests[0]?.messages.map((entry) => entry.text).join(" ")).toContain(SAMPLE_PERSONAL.message);
      await eventStore.append(`conversation:${TENANT}:conv-1`, sampleRefund(CUSTOMER, "conv-1", { tenantId: TENANT }), { expectedVersion: 2 });
      expect((await summaryCache.publish(publishedSummary())).ok).toBe(true);

      const app = routeTestApp(
        adminRoutes({ adminToken: ADMIN_TOKEN, eventStore }),
        timelineRoutes({ adminToken: ADMIN_TOKEN, eventStore }),
        erasureRoutes({ adminToken: ADMIN_TOKEN, erasure }),
      );
      const timelinePath = `/v1/admin/tenants/${TENANT}/conversations/conv-1/timeline`;
      const before = conversationTimelineResponseSchema.parse(await (await app.request(timelinePath, { headers: admin })).json());
      expect(before.entries[0]?.data.text).toBe(SAMPLE_PERSONAL.message);
      expect(personalDataIn(await rawEventRows(database))).toEqual([]);

      const response = await app.request(`/v1/admin/tenants/${TENANT}/customers/${CUSTOMER}/erasure`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ reason: "GDPR art. 17 request #42", requestedBy: "dpo@acme" }),
      });
      expect(response.status).toBe(200);
      const report = erasureReportSchema.parse(await response.json());
      expect(report).toMatchObject({ alreadyErased: false, keyDestroyed: true, counts: { events: 5, eventsWithPersonalData: 4, personalFields: 6 } });

      // The admin views show no personal data; everything else is as it was.
      const after = conversationTimelineResponseSchema.parse(await (await app.request(timelinePath, { headers: admin })).json());
      const events = conversationEventsResponseSchema.parse(await (await app.request(`/v1/admin/tenants/${TENANT}/conversations/conv-1/events`, { headers: admin })).json());
      for (const body of [after, events]) expect(personalDataIn(JSON.stringify(body))).toEqual([]);
      expect(after.entries.map((entry) => entry.type)).toEqual(before.entries.map((entry) => entry.type));
      expect(after.entries.map((entry) => entry.eventId)).toEqual(before.entries.map((entry) => entry.eventId));
      expect(after.entries.map((entry) => entry.data.text ?? entry.data.reason ?? null)).toEqual([ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, null]);
      expect(after.entries[3]?.data).toMatchObject({ amountMinor: 1250, currency: "EUR", approvedBy: "admin-1" });
      expect(after.entries[1]).toMatchObject({ causedBy: { type: "message.received" }, modelVersion: "fake-model-001", data: { usage: { totalTokens: 15 } } });
      expect(after.customers).toEqual([{ customerId: CUSTOMER, erased: true, erasedAt: report.erasure.recordedAt }]);
      const [profile, erased] = await streamEvents(eventStore, `customer:${TENANT}:${CUSTOMER}`);
      expect(profile?.data).toEqual({ customerId: CUSTOMER, name: null, email: null, phone: null, tier: "gold" });
      expect(erased).toMatchObject({ type: "customer.erased", data: { requestedBy: "dpo@acme" } });

      // The raw rows never held plaintext, the key is gone, the projections were rebuilt and the cache entry removed.
      expect(personalDataIn(await rawEventRows(database))).toEqual([]);
      expect(await keys.get(TENANT, CUSTOMER)).toBeNull();
      expect(rebuilds).toEqual([`${TENANT}/${CUSTOMER}`]);
      expect(await summaryCache.read(TENANT, CUSTOMER)).toEqual({ ok: true, value: null });

      // Erasing again records nothing new.
      const again = erasureReportSchema.parse(await (await app.request(`/v1/admin/tenants/${TENANT}/customers/${CUSTOMER}/erasure`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ reason: "duplicate request" }),
      })).json());
      expect(again).toMatchObject({ alreadyErased: true, keyDestroyed: false, erasure: report.erasure, counts: report.counts });
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
    return { database, dataDir: dir.path, cleanUp: async () => (await database.close(), await throwaway.drop(), await dir.remove()) };
  });
});
