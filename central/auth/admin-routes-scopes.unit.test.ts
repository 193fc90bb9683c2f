import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { createEncryptingEventStore } from "../erasure/encrypting-event-store.js";
import { createErasureService } from "../erasure/erasure-service.js";
import { createInMemoryCustomerKeyStore } from "../erasure/in-memory-customer-key-store.js";
import { sampleMessage } from "../erasure/testing/sample-events.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { adminRoutes } from "../http/admin-routes.js";
import { erasureRoutes } from "../http/erasure-routes.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { timelineRoutes } from "../http/timeline-routes.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import { createAdminAuth, tokenSha256 } from "./index.js";

const ROOT = "root-admin-token-0123456789";
const ACME_READ = "acme-reader-token-0123456789";
const ACME_ERASE = "acme-eraser-token-0123456789";

async function setup() {
  const keys = createInMemoryCustomerKeyStore(randomBytes(32));
  const eventStore = createEncryptingEventStore(createInMemoryEventStore(), keys);
  for (const tenantId of ["acme", "globex"])
    await eventStore.append(`conversation:${tenantId}:conv-1`, [sampleMessage("c-1", "conv-1", { tenantId })], {
      expectedVersion: "no_stream",
    });
  const erasure = createErasureService({
    eventStore,
    keys,
    countCustomerEvents: async () => ({ events: 1, eventsWithPersonalData: 1, personalFields: 1 }),
    rebuildCustomer: async () => {},
    summaryCache: createInMemorySummaryCache(),
    clock: () => new Date("2026-11-24T02:00:00.000Z"),
  });
  const auth = createAdminAuth({
    adminToken: ROOT,
    scopedTokens: [
      { id: "acme-reader", tokenSha256: tokenSha256(ACME_READ), tenantId: "acme", scopes: ["read"] },
      { id: "acme-eraser", tokenSha256: tokenSha256(ACME_ERASE), tenantId: "acme", scopes: ["erasure:write"] },
    ],
  });
  return routeTestApp(
    adminRoutes({ auth, eventStore }),
    timelineRoutes({ auth, eventStore }),
    erasureRoutes({ auth, erasure }),
  );
}

async function status(app: Awaited<ReturnType<typeof setup>>, method: string, path: string, token: string) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(method === "POST" ? { body: JSON.stringify({ reason: "test" }) } : {}),
  });
  const body: unknown = await response.json();
  return response.ok ? response.status : `${response.status} ${problemDetailsSchema.parse(body).code}`;
}

describe("the existing admin routes under scoped tokens", () => {
  it("lets a tenant's read token read its conversations and timelines, not another tenant's, nor erase", async () => {
    const app = await setup();
    for (const what of ["events", "timeline"]) {
      expect(await status(app, "GET", `/v1/admin/tenants/acme/conversations/conv-1/${what}`, ACME_READ)).toBe(200);
      expect(await status(app, "GET", `/v1/admin/tenants/globex/conversations/conv-1/${what}`, ACME_READ)).toBe(
        "403 forbidden",
      );
      expect(await status(app, "GET", `/v1/admin/tenants/globex/conversations/conv-1/${what}`, ROOT)).toBe(200);
    }
    expect(await status(app, "POST", "/v1/admin/tenants/acme/customers/c-1/erasure", ACME_READ)).toBe("403 forbidden");
  });

  it("lets erasure:write erase its tenant's customers only, and not read", async () => {
    const app = await setup();
    expect(await status(app, "POST", "/v1/admin/tenants/globex/customers/c-1/erasure", ACME_ERASE)).toBe(
      "403 forbidden",
    );
    expect(await status(app, "POST", "/v1/admin/tenants/acme/customers/c-1/erasure", ACME_ERASE)).toBe(200);
    expect(await status(app, "GET", "/v1/admin/tenants/acme/conversations/conv-1/events", ACME_ERASE)).toBe(
      "403 forbidden",
    );
  });
});
