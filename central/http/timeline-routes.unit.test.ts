import { randomBytes } from "node:crypto";
import { createAdminAuth } from "../auth/index.js";
import { describe, expect, it } from "vitest";
import { conversationTimelineResponseSchema } from "../../shared/admin-api.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { createEncryptingEventStore } from "../erasure/encrypting-event-store.js";
import { createInMemoryCustomerKeyStore } from "../erasure/in-memory-customer-key-store.js";
import { ERASED_TEXT } from "../erasure/personal-fields.js";
import {
  SAMPLE_PERSONAL,
  sampleEvent,
  sampleMessage,
  sampleProfile,
  sampleRefund,
  sampleReply,
} from "../erasure/testing/sample-events.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { routeTestApp } from "./testing/route-test-app.js";
import { timelineRoutes } from "./timeline-routes.js";

const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const PATH = "/v1/admin/tenants/acme/conversations/conv-1/timeline";
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function setup() {
  const keys = createInMemoryCustomerKeyStore(randomBytes(32));
  const eventStore = createEncryptingEventStore(createInMemoryEventStore(), keys);
  const profile = sampleProfile("c-1", { correlationId: "corr-profile" });
  await eventStore.append("customer:acme:c-1", [profile], { expectedVersion: "no_stream" });
  const message = sampleMessage("c-1", "conv-1", { correlationId: "corr-turn-1", causationId: profile.eventId });
  const reply = sampleReply("c-1", "conv-1", {
    correlationId: "corr-turn-1",
    causationId: message.eventId,
    sources: [{ kind: "event", ref: message.eventId }],
  });
  const [proposed, approved] = sampleRefund("c-1", "conv-1", {
    correlationId: "corr-turn-1",
    causationId: reply.eventId,
  });
  const orphan = sampleEvent(
    "conversation.resolved",
    { customerId: "c-1", conversationId: "conv-1", by: "human" },
    {
      correlationId: "corr-close",
      causationId: "6a1c3b2e-0000-4000-8000-000000000000",
    },
  );
  const conversation = [message, reply, proposed!, approved!, orphan];
  await eventStore.append("conversation:acme:conv-1", conversation, { expectedVersion: "no_stream" });
  const app = routeTestApp(timelineRoutes({ auth: createAdminAuth({ adminToken: ADMIN_TOKEN }), eventStore }));
  return { app, keys, eventStore, profile, conversation };
}

async function timeline(app: Awaited<ReturnType<typeof setup>>["app"], query = "") {
  const response = await app.request(`${PATH}${query}`, { headers: auth });
  expect(response.status).toBe(200);
  return conversationTimelineResponseSchema.parse(await response.json());
}

describe("GET /v1/admin/tenants/:tenantId/conversations/:conversationId/timeline", () => {
  it("lists the events in order with correlation, resolved causes, depth and provenance", async () => {
    const { app, profile, conversation } = await setup();
    const body = await timeline(app);
    expect(body.entries.map((entry) => entry.type)).toEqual([
      "message.received",
      "reply.sent",
      "action.proposed",
      "action.approved",
      "conversation.resolved",
    ]);
    const [message, reply, proposed, approved, resolved] = body.entries;
    expect(message?.causedBy).toMatchObject({
      eventId: profile.eventId,
      type: "customer.profile_updated",
      stream: "customer:acme:c-1",
      streamVersion: 1,
      inTimeline: false,
    });
    expect(reply).toMatchObject({
      causationId: conversation[0]?.eventId,
      causedBy: { type: "message.received", streamVersion: 1, inTimeline: true },
      depth: 1,
      actor: { kind: "model", id: "offline" },
      modelVersion: "echo-1",
      sources: [{ kind: "event", ref: conversation[0]?.eventId }],
    });
    expect(proposed).toMatchObject({
      depth: 2,
      policyVersion: "refunds@3",
      personalFields: ["reason", "details"],
      data: { reason: SAMPLE_PERSONAL.reason },
    });
    expect(approved).toMatchObject({
      depth: 3,
      causedBy: { type: "action.proposed", streamVersion: 3 },
      data: { amountMinor: 1250 },
    });
    expect(resolved).toMatchObject({ depth: 0, causedBy: null, causationId: "6a1c3b2e-0000-4000-8000-000000000000" });
    expect(body.correlations).toEqual([
      { correlationId: "corr-turn-1", eventIds: conversation.slice(0, 4).map((event) => event.eventId) },
      { correlationId: "corr-close", eventIds: [conversation[4]?.eventId] },
    ]);
    expect(body.customers).toEqual([{ customerId: "c-1", erased: false, erasedAt: null }]);
    expect(body.page).toEqual({ fromVersion: 1, limit: 200, nextFromVersion: null, total: 5 });
  });

  it("resolves causes recorded in other streams by id, but never another tenant's", async () => {
    const { app, eventStore } = await setup();
    const elsewhere = sampleEvent("conversation.escalated", {
      customerId: "c-1",
      conversationId: "conv-0",
      reason: "angry",
    });
    const foreign = sampleEvent(
      "conversation.escalated",
      { customerId: "c-1", conversationId: "conv-9", reason: "x" },
      { tenantId: "globex" },
    );
    await eventStore.append("conversation:acme:conv-0", [elsewhere], { expectedVersion: "no_stream" });
    await eventStore.append("conversation:globex:conv-9", [foreign], { expectedVersion: "no_stream" });
    const follow = (causationId: string) =>
      sampleEvent(
        "conversation.resolved",
        { customerId: "c-1", conversationId: "conv-1", by: "human" },
        { causationId },
      );
    await eventStore.append("conversation:acme:conv-1", [follow(elsewhere.eventId), follow(foreign.eventId)], {
      expectedVersion: 5,
    });
    const body = await timeline(app, "?fromVersion=6");
    expect(body.entries[0]?.causedBy).toEqual({
      eventId: elsewhere.eventId,
      type: "conversation.escalated",
      stream: "conversation:acme:conv-0",
      streamVersion: 1,
      globalPosition: 7,
      inTimeline: false,
    });
    expect(body.entries[1]).toMatchObject({ causationId: foreign.eventId, causedBy: null });
  });

  it("pages with fromVersion and limit, still resolving causes on earlier pages", async () => {
    const { app } = await setup();
    const first = await timeline(app, "?limit=2");
    expect(first.entries.map((entry) => entry.streamVersion)).toEqual([1, 2]);
    expect(first.page).toMatchObject({ nextFromVersion: 3, total: 5 });
    const second = await timeline(app, "?fromVersion=3&limit=2");
    expect(second.entries.map((entry) => entry.streamVersion)).toEqual([3, 4]);
    expect(second.entries[0]).toMatchObject({ causedBy: { type: "reply.sent", inTimeline: true }, depth: 2 });
  });

  it("shows personal fields as erased once the customer's key is destroyed, everything else intact", async () => {
    const { app, keys } = await setup();
    await keys.destroy("acme", "c-1");
    const body = await timeline(app);
    expect(JSON.stringify(body)).not.toContain(SAMPLE_PERSONAL.message);
    expect(body.entries.map((entry) => entry.data.text ?? entry.data.reason ?? null)).toEqual([
      ERASED_TEXT,
      ERASED_TEXT,
      ERASED_TEXT,
      null,
      null,
    ]);
    expect(body.entries[3]?.data).toMatchObject({ amountMinor: 1250, currency: "EUR", type: "refund" });
  });

  it("reports an erased customer with the erasure's time", async () => {
    const { app, eventStore } = await setup();
    await eventStore.append(
      "customer:acme:c-1",
      [sampleEvent("customer.erased", { customerId: "c-1", requestedBy: "dpo", reason: "request" })],
      { expectedVersion: 1 },
    );
    const body = await timeline(app);
    expect(body.customers).toEqual([{ customerId: "c-1", erased: true, erasedAt: expect.any(String) }]);
  });

  it("answers 401 without the admin token, 404 for an unknown conversation, 400 for bad ids or pages", async () => {
    const { app } = await setup();
    const cases: [string, Record<string, string>, number, string][] = [
      [PATH, {}, 401, "unauthorized"],
      ["/v1/admin/tenants/acme/conversations/nope/timeline", auth, 404, "not_found"],
      ["/v1/admin/tenants/acme/conversations/a%3Ab/timeline", auth, 400, "validation_failed"],
      [`${PATH}?limit=0`, auth, 400, "validation_failed"],
      [`${PATH}?limit=5000`, auth, 400, "validation_failed"],
      [`${PATH}?fromVersion=abc`, auth, 400, "validation_failed"],
    ];
    for (const [path, headers, status, code] of cases) {
      const response = await app.request(path, { headers });
      expect(response.status, path).toBe(status);
      expect(problemDetailsSchema.parse(await response.json()).code, path).toBe(code);
    }
  });
});
