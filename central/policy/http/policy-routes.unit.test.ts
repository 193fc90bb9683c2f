import { describe, expect, it } from "vitest";
import {
  activationResponseSchema,
  policyVersionResponseSchema,
  policyVersionsResponseSchema,
  pushPolicyResponseSchema,
} from "../../../shared/policy-admin-api.js";
import { problemDetailsSchema } from "../../../shared/problem-details.js";
import { createAdminAuth, tokenSha256 } from "../../auth/index.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { routeTestApp } from "../../http/testing/route-test-app.js";
import { createInMemoryPolicySnapshotPublisher } from "../publish/in-memory-policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyDryRun } from "../store/policy-store.js";
import { testPolicy } from "../testing/policy-documents.js";
import { policyRoutes } from "./policy-routes.js";

const ROOT = "root-admin-token-0123456789";
const WRITER = "acme-policy-writer-0123456789";
const READER = "acme-reader-token-0123456789";
const auth = createAdminAuth({
  adminToken: ROOT,
  scopedTokens: [
    { id: "acme-writer", tokenSha256: tokenSha256(WRITER), tenantId: "acme", scopes: ["policy:write", "read"] },
    { id: "acme-reader", tokenSha256: tokenSha256(READER), tenantId: "acme", scopes: ["read"] },
  ],
});

function setup(audit?: PolicyDryRun) {
  const eventStore = createInMemoryEventStore();
  const publisher = createInMemoryPolicySnapshotPublisher();
  const policies = createPolicyStore({
    eventStore,
    clock: () => new Date("2026-11-24T02:00:00.000Z"),
    publisher,
    ...(audit ? { dryRun: audit } : {}),
  });
  const app = routeTestApp(policyRoutes({ auth, policies, ...(audit ? { audit } : {}) }));
  const call = async (method: string, path: string, body?: unknown, token = WRITER) => {
    const response = await app.request(`/v1/admin/tenants/acme/policies${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "x-correlation-id": "corr-policy-1",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  return { call, eventStore, publisher };
}

const problemOf = (body: unknown) => problemDetailsSchema.parse(body);

describe("policy admin routes", () => {
  it("pushes (201), activates and reads a version; each change recorded with token id and correlation id", async () => {
    const { call, eventStore, publisher } = setup();
    const pushed = await call("POST", "", { document: testPolicy("acme", 1) });
    expect(pushed.status).toBe(201);
    expect(pushPolicyResponseSchema.parse(pushed.body)).toEqual({
      tenantId: "acme",
      version: 1,
      alreadyPushed: false,
      dryRun: null,
    });
    const activated = await call("POST", "/1/activate", { reason: "launch" });
    expect(activated.status).toBe(200);
    expect(activationResponseSchema.parse(activated.body)).toMatchObject({
      activeVersion: 1,
      changed: true,
      published: { ok: true, stored: true },
    });
    const active = policyVersionResponseSchema.parse((await call("GET", "/active", undefined, READER)).body);
    expect(active).toMatchObject({
      tenantId: "acme",
      version: 1,
      active: true,
      pushedBy: "acme-writer",
      document: { edge: { answers: { greeting: "Hello from policy v1" } } },
    });
    const listing = policyVersionsResponseSchema.parse((await call("GET", "", undefined, READER)).body);
    expect(listing).toMatchObject({
      activeVersion: 1,
      versions: [{ version: 1, active: true }],
      activations: [{ version: 1, how: "activated", by: "acme-writer" }],
    });
    const events = await eventStore.readStream("policy:acme:policies");
    expect(
      events.ok && events.value.map((event) => [event.type, event.metadata.actor.id, event.metadata.correlationId]),
    ).toEqual([
      ["policy.pushed", "acme-writer", "corr-policy-1"],
      ["policy.activated", "acme-writer", "corr-policy-1"],
    ]);
    expect((await publisher.read("acme")).ok).toBe(true);
  });

  it("answers 422 invalid_policy listing every problem with its path", async () => {
    const { call } = setup();
    const bad = {
      ...testPolicy("acme", 1),
      currency: "euro",
      actions: { refund: { approval: "sometimes" } },
      rules: [{ id: "Bad Id", appliesTo: ["refund"], when: [], then: "deny" }],
    };
    const response = await call("POST", "", { document: bad });
    expect(response.status).toBe(422);
    const body = problemOf(response.body);
    expect(body.code).toBe("invalid_policy");
    expect(body.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["currency", "actions.refund.approval", "rules.0.id"]),
    );
  });

  it("keeps versions immutable: 200 alreadyPushed for the same document, 409 another at that or below", async () => {
    const { call } = setup();
    await call("POST", "", { document: testPolicy("acme", 2) });
    expect(await call("POST", "", { document: testPolicy("acme", 2) })).toMatchObject({
      status: 200,
      body: { alreadyPushed: true },
    });
    const changed = await call("POST", "", { document: testPolicy("acme", 2, { description: "edited" }) });
    expect([changed.status, problemOf(changed.body).code]).toEqual([409, "policy_version_exists"]);
    const lower = await call("POST", "", { document: testPolicy("acme", 1) });
    expect([lower.status, problemOf(lower.body).code]).toEqual([409, "policy_version_not_increasing"]);
    const other = await call("POST", "", { document: testPolicy("globex", 3) });
    expect([other.status, problemOf(other.body).code]).toEqual([422, "policy_tenant_mismatch"]);
  });

  it("rolls back to the version active before; a stale fromVersion or nothing to roll back to is 409", async () => {
    const { call } = setup();
    expect(problemOf((await call("POST", "/rollback", {})).body).code).toBe("no_rollback_target");
    for (const version of [1, 2]) {
      await call("POST", "", { document: testPolicy("acme", version) });
      await call("POST", `/${version}/activate`, {});
    }
    expect(
      activationResponseSchema.parse(
        (await call("POST", "/rollback", { fromVersion: 2, reason: "too generous" })).body,
      ),
    ).toMatchObject({ activeVersion: 1, previousVersion: 2, changed: true });
    expect(activationResponseSchema.parse((await call("POST", "/rollback", { fromVersion: 2 })).body)).toMatchObject({
      activeVersion: 1,
      changed: false,
    });
    const stale = await call("POST", "/rollback", { fromVersion: 7 });
    expect([stale.status, problemOf(stale.body).code]).toEqual([409, "active_version_mismatch"]);
  });

  it("answers 404 for an unknown version or no active policy, 400 for bad bodies", async () => {
    const { call } = setup();
    expect(problemOf((await call("GET", "/3", undefined, READER)).body).code).toBe("not_found");
    expect(problemOf((await call("GET", "/active", undefined, READER)).body).code).toBe("not_found");
    expect(problemOf((await call("POST", "/3/activate", {})).body).code).toBe("not_found");
    expect((await call("POST", "/rollback", { fromVersion: -1 })).status).toBe(400);
    expect((await call("POST", "", { dryRunLimit: 0 })).status).toBe(400);
  });

  it("needs policy:write to change and read to read: 403 for a reader pushing, 401 without a token", async () => {
    const { call } = setup();
    const push = await call("POST", "", { document: testPolicy("acme", 1) }, READER);
    expect([push.status, problemOf(push.body).code]).toEqual([403, "forbidden"]);
    const unknown = await call("GET", "", undefined, "unknown-token-0123456789");
    expect([unknown.status, problemOf(unknown.body).code]).toEqual([401, "unauthorized"]);
    expect((await call("POST", "", { document: testPolicy("acme", 1) }, ROOT)).status).toBe(201);
  });

  it("dry-runs a push and audits a pushed version or a document through the audit dependency", async () => {
    const calls: Array<[string, number, number]> = [];
    const { call } = setup(async (tenantId, candidate, limit) => {
      calls.push([tenantId, candidate.version, limit]);
      return { examined: limit, changed: 1, differences: [{ eventId: "e-1" }] };
    });
    const pushed = pushPolicyResponseSchema.parse(
      (await call("POST", "", { document: testPolicy("acme", 1), dryRunLimit: 20 })).body,
    );
    expect(pushed.dryRun).toEqual({ examined: 20, changed: 1, differences: [{ eventId: "e-1" }] });
    expect((await call("POST", "/audit", { version: 1, limit: 5 }, READER)).body).toEqual({
      examined: 5,
      changed: 1,
      differences: [{ eventId: "e-1" }],
    });
    expect((await call("POST", "/audit", { document: testPolicy("acme", 9) }, READER)).status).toBe(200);
    expect(calls).toEqual([
      ["acme", 1, 20],
      ["acme", 1, 5],
      ["acme", 9, 1000],
    ]);
    expect(problemOf((await call("POST", "/audit", {}, READER)).body).code).toBe("not_found"); // nothing active
    expect((await call("POST", "/audit", { version: 1, document: testPolicy("acme", 9) }, READER)).status).toBe(400);
  });
});
