import { describe, expect, it } from "vitest";
import { chatReplySchema } from "../../shared/chat-api.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { webConfigSchema, type WebConfig } from "../../shared/web-config.js";
import { createEdgeApp } from "../app.js";
import { createFakeCentralClient, fakeReplyEvents } from "../central-client/fake-central-client.js";
import { createInMemoryChannelState } from "../channels/delivery/channel-state.js";
import { postChat } from "../chat/testing/chat-helpers.js";
import { createWebRateLimiter } from "./web-rate-limits.js";

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
  it("answers 429 rate_limited with Retry-After (to the window's end) past a visitor's limit, recording nothing more", async () => {
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

  it("counts new conversations per client IP, so starting a new conversation each time does not escape the limit", async () => {
    const { app } = setup(webConfigSchema.parse({ acme: { rateLimits: { perVisitor: 1 } } }));
    const ip = { "CF-Connecting-IP": "203.0.113.9" };
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, ip));
    expect((await postChat(app, { tenantId: "acme", text: "two" }, ip)).status).toBe(429);
    await tokenOf(await postChat(app, { tenantId: "acme", text: "one" }, { "CF-Connecting-IP": "203.0.113.10" }));
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
