import { describe, expect, it } from "vitest";
import { createAdminAuth } from "../../auth/index.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { routeTestApp } from "../../http/testing/route-test-app.js";
import { policyRoutes } from "../http/policy-routes.js";
import { createInMemoryPolicySnapshotPublisher } from "../publish/in-memory-policy-snapshot-publisher.js";
import { createPolicyStore } from "../store/policy-store.js";
import { createPolicyAdminClient } from "./policy-admin-client.js";
import { readDemoPolicy, seedPolicy } from "./seed-policy.js";

const TOKEN = "root-admin-token-0123456789";

function setup(entries = new Map<string, string>()) {
  const eventStore = createInMemoryEventStore();
  const publisher = createInMemoryPolicySnapshotPublisher(entries);
  const policies = createPolicyStore({ eventStore, clock: () => new Date(), publisher });
  const app = routeTestApp(policyRoutes({ auth: createAdminAuth({ adminToken: TOKEN }), policies }));
  const client = createPolicyAdminClient({
    url: "http://central.test",
    token: TOKEN,
    fetch: async (input, init) => app.request(input, init),
  });
  return { client, policies, publisher, eventStore };
}

describe("seeding the demo policy at start-up", () => {
  it("pushes and activates the shipped demo policy when tenant demo has none, and publishes it", async () => {
    const { client, policies, publisher } = setup();
    expect(await seedPolicy(client, await readDemoPolicy())).toEqual({
      ok: true,
      value: { seeded: true, version: 1, published: true },
    });
    expect((await policies.activePolicy("demo"))?.version).toBe(1);
    const cached = await publisher.read("demo");
    expect(cached.ok && cached.value?.snapshot.routing.answers.greeting).toBe("Hello! How can I help you today?");
  });

  it("leaves an active policy alone but republishes it to an emptied edge cache, recording nothing", async () => {
    const entries = new Map<string, string>();
    const { client, publisher, eventStore } = setup(entries);
    await seedPolicy(client, await readDemoPolicy());
    const before = await eventStore.streamVersion("policy:demo:policies");
    entries.clear(); // as after a restart of the in-memory dev server
    expect((await publisher.read("demo")).ok && (await publisher.read("demo"))).toEqual({ ok: true, value: null });
    expect(await seedPolicy(client, await readDemoPolicy())).toEqual({
      ok: true,
      value: { seeded: false, activeVersion: 1, published: true },
    });
    expect(await eventStore.streamVersion("policy:demo:policies")).toBe(before);
    expect((await publisher.read("demo")).ok).toBe(true);
  });

  it("reports a failure as a value", async () => {
    const client = createPolicyAdminClient({ url: "http://127.0.0.1:9", token: TOKEN });
    expect(await seedPolicy(client, await readDemoPolicy())).toMatchObject({
      ok: false,
      error: { code: "seed_failed" },
    });
  });
});
