import { describe, expect, it } from "vitest";
import { chatReplySchema } from "../../shared/chat-api.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { webConfigSchema, type WebConfig } from "../../shared/web-config.js";
import { createEdgeApp } from "../app.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { createInMemoryChannelState } from "../channels/delivery/channel-state.js";
import { postChat } from "../chat/testing/chat-helpers.js";
import { clientIpKey, createWebRateLimiter } from "./web-rate-limits.js";

const NOW = new Date("2026-11-23T10:00:20.000Z");

function setup(config?: WebConfig) {
  const central = createFakeCentralClient((message) => ({ events: fakeReplyEvents(message, ["ok"]) }));
  const state = createInMemoryChannelState(() => NOW);
  const app = createEdgeApp({
    central,
    now: () => NOW,
    web: { limiter: createWebRateLimiter({ state, now: () => NOW }), ...(config ? { config } : {}) },
  });
  return { app, central };
}

async function tokenOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return chatReplySchema.parse(await response.json()).conversationToken ?? "";
}

describe("web rate limits", () => {
  it("answers 429 rate_limited, Retry-After to the window's end, past a visitor's limit; records no more", async () => {
    const { app, central } = setup(
      webConfigSchema.parse({ acme: { rateLimits: { windowSeconds: 60, perVisitor: 2 } } }),
    );
    const token = await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }));
    const auth = { Authorization: `Bearer ${token}` };
    await tokenOf(await postChat(app, { text: "two" }, auth));
    const limited = await postChat(app, { text: "three" }, auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("40");
    expect(problemDetailsSchema.parse(await limited.json())).toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: 40,
    });
    expect(central.received).toHaveLength(2);
    // Another visitor of the same tenant is not held back by this one.
    await tokenOf(await postChat(app, { tenantId: "acme", text: "hi" }));
  });

  it("counts new conversations per client IP: a new conversation per message does not escape the limit", async () => {
    const { app } = setup(webConfigSchema.parse({ acme: { rateLimits: { perVisitor: 1 } } }));
    const ip = { "CF-Connecting-IP": "203.0.113.9" };
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, ip));
    expect((await postChat(app, { tenantId: "acme", text: "two" }, ip)).status).toBe(429);
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, { "CF-Connecting-IP": "203.0.113.10" }));
  });

  it("counts every message under its client IP too: many conversations do not multiply an IP's limit", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { rateLimits: { perVisitor: 2 } } }));
    const ip = { "CF-Connecting-IP": "203.0.113.9" };
    const first = await tokenOf(await postChat(app, { tenantId: "acme", text: "a1" }, ip));
    const second = await tokenOf(await postChat(app, { tenantId: "acme", text: "b1" }, ip));
    const statuses: number[] = [];
    for (const token of [first, second, first, second]) {
      const response = await postChat(app, { text: "more" }, { ...ip, Authorization: `Bearer ${token}` });
      statuses.push(response.status);
    }
    statuses.push((await postChat(app, { tenantId: "acme", text: "c1" }, ip)).status);
    expect(statuses).toEqual([429, 429, 429, 429, 429]);
    expect(central.received).toHaveLength(2);
  });

  it("counts IPv6 clients by their /64, so rotating addresses inside it does not escape the limit", async () => {
    const { app } = setup(webConfigSchema.parse({ acme: { rateLimits: { perVisitor: 1 } } }));
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, { "CF-Connecting-IP": "2001:db8:1:2::1" }));
    const sameBlock = { "CF-Connecting-IP": "2001:0db8:0001:0002:ffff::9" };
    expect((await postChat(app, { tenantId: "acme", text: "two" }, sameBlock)).status).toBe(429);
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, { "CF-Connecting-IP": "2001:db8:1:3::1" }));
  });

  it("keys IPv4 by address and IPv6 by its /64, however the address is written", () => {
    expect(clientIpKey("203.0.113.9")).toBe("ip:203.0.113.9");
    expect(clientIpKey("2001:DB8:0:1::5")).toBe("ip6:2001:db8:0:1");
    expect(clientIpKey("2001:db8:0000:0001:0:0:0:6")).toBe("ip6:2001:db8:0:1");
    expect(clientIpKey("::1")).toBe("ip6:0:0:0:0");
    expect(clientIpKey("::ffff:192.0.2.1")).toBe("ip6:0:0:0:0");
  });

  it("counts no refused message against the tenant, so one visitor cannot lock out the rest", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { rateLimits: { perTenant: 3, perVisitor: 1 } } }));
    const noisy = { "CF-Connecting-IP": "203.0.113.9" };
    const token = await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, noisy));
    for (let i = 0; i < 5; i++)
      expect((await postChat(app, { text: "again" }, { ...noisy, Authorization: `Bearer ${token}` })).status).toBe(429);
    await tokenOf(await postChat(app, { tenantId: "acme", text: "hi" }, { "CF-Connecting-IP": "198.51.100.1" }));
    await tokenOf(await postChat(app, { tenantId: "acme", text: "hi" }, { "CF-Connecting-IP": "198.51.100.2" }));
    expect(central.received).toHaveLength(3);
  });

  it("limits a tenant as a whole across visitors, leaving other tenants alone", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { rateLimits: { perTenant: 3 } }, globex: {} }));
    for (const text of ["a", "b", "c"]) await tokenOf(await postChat(app, { tenantId: "acme", text }));
    const limited = await postChat(app, { tenantId: "acme", text: "d" });
    expect(limited.status).toBe(429);
    expect(problemDetailsSchema.parse(await limited.json()).detail).toContain("this site's");
    await tokenOf(await postChat(app, { tenantId: "globex", text: "e" }));
    expect(central.received).toHaveLength(4);
  });

  it("applies the default of 30 messages a minute per visitor when the tenant sets no limits", async () => {
    const { app } = setup();
    const token = await tokenOf(await postChat(app, { text: "1" }));
    for (let i = 2; i <= 30; i++)
      await tokenOf(await postChat(app, { text: String(i) }, { Authorization: `Bearer ${token}` }));
    expect((await postChat(app, { text: "31" }, { Authorization: `Bearer ${token}` })).status).toBe(429);
  });
});
