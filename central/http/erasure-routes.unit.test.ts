import { randomBytes } from "node:crypto";
import { createAdminAuth } from "../auth/index.js";
import { describe, expect, it } from "vitest";
import { erasureReportSchema } from "../../shared/admin-api.js";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { err, ok } from "../../shared/result.js";
import { createEncryptingEventStore } from "../erasure/encrypting-event-store.js";
import { createErasureService } from "../erasure/erasure-service.js";
import { createInMemoryCustomerKeyStore } from "../erasure/in-memory-customer-key-store.js";
import { sampleMessage } from "../erasure/testing/sample-events.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { erasureRoutes } from "./erasure-routes.js";
import { routeTestApp } from "./testing/route-test-app.js";
import { streamEvents } from "../../test/support/catalog-events.js";

const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const PATH = "/v1/admin/tenants/acme/customers/c-1/erasure";

async function setup(cacheFails = false) {
  const keys = createInMemoryCustomerKeyStore(randomBytes(32));
  const eventStore = createEncryptingEventStore(createInMemoryEventStore(), keys);
  await eventStore.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], {
    expectedVersion: "no_stream",
  });
  /** Fake cache: removals succeed unless `cacheFails`. */
  const fakeSummaryCache: SummaryCache = {
    publish: async () => ok({ stored: true }),
    read: async () => ok(null as CustomerSummary | null),
    remove: async () =>
      cacheFails ? err({ code: "cache_unavailable", message: "connection refused" }) : ok(undefined),
  };
  const erasure = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: async () => ({ events: 1, eventsWithPersonalData: 1, personalFields: 1 }),
    rebuildCustomer: async () => {},
    summaryCache: fakeSummaryCache,
    clock: () => new Date("2026-11-23T12:00:00.000Z"),
  });
  return {
    app: routeTestApp(erasureRoutes({ auth: createAdminAuth({ adminToken: ADMIN_TOKEN }), erasure })),
    keys,
    eventStore,
  };
}

function post(
  app: Awaited<ReturnType<typeof setup>>["app"],
  body: unknown,
  init: { path?: string; headers?: Record<string, string> } = {},
) {
  return app.request(init.path ?? PATH, {
    method: "POST",
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      "content-type": "application/json",
      "x-correlation-id": "corr-erasure-1",
      ...init.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return problemDetailsSchema.parse(await response.json()).code === code;
}

describe("POST /v1/admin/tenants/:tenantId/customers/:customerId/erasure", () => {
  it("erases the customer and answers the report, recording who asked and the request's correlation id", async () => {
    const { app, keys, eventStore } = await setup();
    const response = await post(app, { reason: "GDPR request #42", requestedBy: "dpo@acme" });
    expect(response.status).toBe(200);
    const report = erasureReportSchema.parse(await response.json());
    expect(report).toMatchObject({ tenantId: "acme", customerId: "c-1", alreadyErased: false, keyDestroyed: true });
    expect(await keys.get("acme", "c-1")).toBeNull();
    const [erased] = await streamEvents(eventStore, "customer:acme:c-1");
    expect(erased?.metadata).toMatchObject({
      correlationId: "corr-erasure-1",
      actor: { kind: "admin", id: "dpo@acme" },
    });
  });

  it("answers alreadyErased on a repeat and attributes an anonymous request to admin-api", async () => {
    const { app, eventStore, keys } = await setup();
    const keyId = (await keys.get("acme", "c-1"))?.keyId;
    await post(app, { reason: "first" });
    const again = erasureReportSchema.parse(await (await post(app, { reason: "second" })).json());
    expect(again.alreadyErased).toBe(true);
    const events = await streamEvents(eventStore, "customer:acme:c-1");
    expect(events.map((event) => event.data)).toEqual([
      { customerId: "c-1", requestedBy: "admin-api", reason: "first", keyId },
    ]);
  });

  it("refuses requests without the admin token", async () => {
    const { app, keys } = await setup();
    expect(
      await expectProblem(
        await post(app, { reason: "x" }, { headers: { authorization: "Bearer wrong-token-0123456789" } }),
        401,
        "unauthorized",
      ),
    ).toBe(true);
    expect(await keys.get("acme", "c-1")).not.toBeNull();
  });

  it("answers problem details for bad input", async () => {
    const { app, keys } = await setup();
    expect(await expectProblem(await post(app, "{not json"), 400, "malformed_json")).toBe(true);
    expect(await expectProblem(await post(app, { reason: "" }), 400, "validation_failed")).toBe(true);
    expect(await expectProblem(await post(app, { reason: "x".repeat(501) }), 400, "validation_failed")).toBe(true);
    expect(await expectProblem(await post(app, { requestedBy: "dpo" }), 400, "validation_failed")).toBe(true);
    expect(
      await expectProblem(
        await post(app, { reason: "x" }, { headers: { "content-type": "text/plain" } }),
        415,
        "unsupported_media_type",
      ),
    ).toBe(true);
    const badId = await post(app, { reason: "x" }, { path: "/v1/admin/tenants/acme/customers/c%3A1/erasure" });
    expect(await expectProblem(badId, 400, "validation_failed")).toBe(true);
    expect(await keys.get("acme", "c-1")).not.toBeNull();
  });

  it("refuses text the database cannot store with a 400 naming the field, erasing nothing", async () => {
    const { app, keys, eventStore } = await setup();
    for (const [body, path] of [
      [{ reason: "GDPR\u0000" }, "reason"],
      [{ reason: "ok", requestedBy: "dpo\ud800" }, "requestedBy"],
    ] as const) {
      const response = await post(app, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "validation_failed", issues: [{ path }] });
    }
    const oddPath = "/v1/admin/tenants/nosuch/customers/%2B%3D-._/erasure";
    const surrogate = await post(app, { reason: "\udc00" }, { path: oddPath });
    expect(await expectProblem(surrogate, 400, "validation_failed")).toBe(true);
    const nulInPath = await post(app, { reason: "x" }, { path: "/v1/admin/tenants/acme/customers/c%00-1/erasure" });
    expect(await expectProblem(nulInPath, 400, "validation_failed")).toBe(true);
    expect(await keys.get("acme", "c-1")).not.toBeNull();
    expect(await eventStore.headPosition()).toBe(1);
    const retry = erasureReportSchema.parse(await (await post(app, { reason: "GDPR" })).json());
    expect(retry).toMatchObject({ alreadyErased: false, keyDestroyed: true });
  });

  it("answers 502 when the summary cache cannot be cleared, saying a retry finishes it", async () => {
    const { app, keys } = await setup(true);
    const response = await post(app, { reason: "x" });
    expect(response.status).toBe(502);
    const body = problemDetailsSchema.parse(await response.json());
    expect(body).toMatchObject({
      code: "upstream_failed",
      correlationId: "corr-erasure-1",
      detail: expect.stringMatching(/retry/),
    });
    expect(await keys.get("acme", "c-1")).toBeNull();
  });
});
