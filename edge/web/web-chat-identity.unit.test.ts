import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatReplySchema, type ChatReply } from "../../shared/chat-api.js";
import { problemDetailsSchema } from "../../shared/problem-details.js";
import { webConfigSchema, type WebConfig } from "../../shared/web-config.js";
import { createEdgeApp, type EdgeApp } from "../app.js";
import {
  createFakeCentralClient,
  fakeReplyEvents,
  type FakeCentralClient,
} from "../central-client/fake-central-client.js";
import { postChat, TEST_NOW } from "../chat/testing/chat-helpers.js";
import { createConversationTokens } from "./conversation-token.js";
import { hs256Token } from "./identity-test-tokens.js";

const SECRET = "edge-conversation-secret-0123456789-abc";
const MERCHANT_SECRET = "acme-identity-secret-0123456789-abcdef";
const at = TEST_NOW.getTime() / 1000;

/** An edge whose central echoes, with WEB_CONFIG `config` (default: unset). */
function setup(config?: WebConfig): { app: EdgeApp; central: FakeCentralClient } {
  const central = createFakeCentralClient((message) => ({ events: fakeReplyEvents(message, ["ok"]) }));
  let next = 0;
  const app = createEdgeApp({
    central,
    now: () => TEST_NOW,
    newId: () => `id-${++next}`,
    web: { tokens: createConversationTokens(SECRET), ...(config ? { config } : {}) },
  });
  return { app, central };
}

async function reply(response: Response): Promise<ChatReply> {
  expect(response.status).toBe(200);
  return chatReplySchema.parse(await response.json());
}

async function refusal(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  expect(problemDetailsSchema.parse(await response.json()).code).toBe(code);
}

const bearer = (token: string | undefined) => ({ Authorization: `Bearer ${token ?? ""}` });

describe("web identity: who writes comes from signed tokens only", () => {
  it("refuses another channel's conversation and customer named in the body, recording nothing", async () => {
    const { app, central } = setup();
    const attack = {
      tenantId: "acme",
      conversationId: "wa-155535501060",
      customerId: "wa-155535501060",
      text: "cancel order 55",
    };
    await refusal(await postChat(app, attack), 400, "field_not_accepted");
    const { customerId: _dropped, ...withoutCustomer } = attack;
    await refusal(await postChat(app, withoutCustomer), 401, "conversation_token_required");
    expect(central.received).toEqual([]);
  });

  it("issues a new web- conversation with a token, and continues exactly that conversation with it", async () => {
    const { app, central } = setup();
    const first = await reply(await postChat(app, { tenantId: "acme", text: "hi" }));
    expect(first.conversationId).toMatch(/^web-/);
    const second = await reply(await postChat(app, { text: "more" }, bearer(first.conversationToken)));
    expect(second.conversationId).toBe(first.conversationId);
    expect(central.received.map((m) => [m.tenantId, m.conversationId, m.customerId, m.customerVerified])).toEqual([
      ["acme", first.conversationId, `visitor-${first.conversationId}`, false],
      ["acme", first.conversationId, `visitor-${first.conversationId}`, false],
    ]);
  });

  it("refuses forged, tampered, foreign-secret and expired tokens with 401, recording nothing", async () => {
    const { app, central } = setup();
    const claims = { t: "acme", c: "web-x", u: "visitor-web-x", exp: at + 600 };
    const foreign = await createConversationTokens("another-edge-secret-0123456789-abcd").mint(claims);
    const expired = await createConversationTokens(SECRET).mint({ ...claims, exp: at - 1 });
    const valid = await createConversationTokens(SECRET).mint(claims);
    const tampered = `${valid.slice(0, 10)}${valid[10] === "A" ? "B" : "A"}${valid.slice(11)}`;
    await refusal(await postChat(app, { text: "hi" }, bearer(foreign)), 401, "conversation_token_invalid");
    await refusal(await postChat(app, { text: "hi" }, bearer(tampered)), 401, "conversation_token_invalid");
    await refusal(await postChat(app, { text: "hi" }, bearer("not-a-token")), 401, "conversation_token_invalid");
    await refusal(
      await postChat(app, { text: "hi" }, { Authorization: "Basic abc" }),
      401,
      "conversation_token_invalid",
    );
    await refusal(await postChat(app, { text: "hi" }, bearer(expired)), 401, "conversation_token_expired");
    expect(central.received).toEqual([]);
  });

  it("refuses any mutation of a valid conversation token with 401 and records nothing (property)", async () => {
    const { app, central } = setup();
    const token = (await reply(await postChat(app, { text: "hi" }))).conversationToken ?? "";
    const recorded = central.received.length;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."Aa0-_.Zz9"), async (index, char) => {
        const mutated = token.slice(0, index) + char + token.slice(index + 1);
        fc.pre(mutated !== token);
        const response = await postChat(app, { text: "hijack" }, bearer(mutated));
        expect(response.status).toBe(401);
        expect(central.received.length).toBe(recorded);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a tenantId or conversationId that is not the token's", async () => {
    const { app, central } = setup();
    const first = await reply(await postChat(app, { tenantId: "acme", text: "hi" }));
    const headers = bearer(first.conversationToken);
    await refusal(await postChat(app, { tenantId: "globex", text: "x" }, headers), 400, "conversation_tenant_mismatch");
    await refusal(await postChat(app, { conversationId: "web-other", text: "x" }, headers), 400, "field_not_accepted");
    await reply(await postChat(app, { tenantId: "acme", conversationId: first.conversationId, text: "x" }, headers));
    expect(central.received).toHaveLength(2);
  });

  it("keeps a replayed clientMessageId inside the token's conversation (another token: another message)", async () => {
    const { app, central } = setup();
    const a = await reply(await postChat(app, { clientMessageId: "m-1", text: "my address is 1 Main St" }));
    const b = await reply(await postChat(app, { text: "hello" }));
    await reply(await postChat(app, { clientMessageId: "m-1", text: "what did I say?" }, bearer(b.conversationToken)));
    const replay = central.received[2];
    expect(replay?.conversationId).toBe(b.conversationId);
    expect(replay?.conversationId).not.toBe(a.conversationId);
  });

  it("marks the customer verified with a valid identity token, for the conversation until it expires", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { identity: { hs256Secret: MERCHANT_SECRET } } }));
    const identityToken = await hs256Token(MERCHANT_SECRET, { sub: "cust-42", aud: "acme", iat: at, exp: at + 600 });
    const first = await reply(await postChat(app, { tenantId: "acme", identityToken, text: "cancel order 55" }));
    expect(first).toMatchObject({ customerId: "web-id-cust-42", customerVerified: true });
    const second = await reply(await postChat(app, { text: "thanks" }, bearer(first.conversationToken)));
    expect(second).toMatchObject({ customerId: "web-id-cust-42", customerVerified: true });
    expect(central.received.map((m) => [m.customerId, m.customerVerified])).toEqual([
      ["web-id-cust-42", true],
      ["web-id-cust-42", true],
    ]);
    const intruder = await hs256Token(MERCHANT_SECRET, { sub: "cust-7", aud: "acme", iat: at, exp: at + 600 });
    await refusal(
      await postChat(app, { identityToken: intruder, text: "x" }, bearer(first.conversationToken)),
      401,
      "identity_token_invalid",
    );
  });

  it("makes a verified web customer web-id-<sub>, so a sub equal to a channel's customer id is not them", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { identity: { hs256Secret: MERCHANT_SECRET } } }));
    for (const sub of ["wa-155535501060", "visitor-web-1"]) {
      const identityToken = await hs256Token(MERCHANT_SECRET, { sub, aud: "acme", iat: at, exp: at + 600 });
      const answer = await reply(await postChat(app, { tenantId: "acme", identityToken, text: "cancel order 55" }));
      expect(answer).toMatchObject({ customerId: `web-id-${sub}`, customerVerified: true });
    }
    expect(central.received.map((m) => m.customerId)).toEqual(["web-id-wa-155535501060", "web-id-visitor-web-1"]);
    const tooLong = await hs256Token(MERCHANT_SECRET, { sub: "c".repeat(122), aud: "acme", iat: at, exp: at + 600 });
    await refusal(
      await postChat(app, { tenantId: "acme", identityToken: tooLong, text: "x" }),
      401,
      "identity_token_invalid",
    );
    expect(central.received).toHaveLength(2);
  });

  it("refuses an identity token minted for another tenant that shares the key (aud is the tenant id)", async () => {
    const identity = { hs256Secret: MERCHANT_SECRET };
    const { app, central } = setup(webConfigSchema.parse({ acme: { identity }, globex: { identity } }));
    const forAcme = await hs256Token(MERCHANT_SECRET, { sub: "cust-42", aud: "acme", iat: at, exp: at + 600 });
    await refusal(
      await postChat(app, { tenantId: "globex", identityToken: forAcme, text: "x" }),
      401,
      "identity_token_invalid",
    );
    await reply(await postChat(app, { tenantId: "acme", identityToken: forAcme, text: "x" }));
    expect(central.received.map((m) => m.tenantId)).toEqual(["acme"]);
  });

  it("refuses a tampered identity token, or one for a tenant without identity, recording nothing", async () => {
    const { app, central } = setup(
      webConfigSchema.parse({ acme: { identity: { hs256Secret: MERCHANT_SECRET } }, demo: {} }),
    );
    const token = await hs256Token(MERCHANT_SECRET, { sub: "cust-42", aud: "acme", iat: at, exp: at + 600 });
    const [header, , signature] = token.split(".");
    const claims = btoa(JSON.stringify({ sub: "cust-1", aud: "acme", iat: at, exp: at + 600 })).replace(/=+$/, "");
    await refusal(
      await postChat(app, { tenantId: "acme", identityToken: `${header}.${claims}.${signature}`, text: "x" }),
      401,
      "identity_token_invalid",
    );
    await refusal(
      await postChat(app, { tenantId: "demo", identityToken: token, text: "x" }),
      401,
      "identity_token_invalid",
    );
    expect(central.received).toEqual([]);
  });

  it("with WEB_CONFIG set, refuses tenants it does not list and origins a tenant does not allow", async () => {
    const { app, central } = setup(webConfigSchema.parse({ acme: { allowedOrigins: ["https://shop.acme.test"] } }));
    await refusal(await postChat(app, { tenantId: "globex", text: "x" }), 404, "unknown_tenant");
    await refusal(
      await postChat(app, { tenantId: "acme", text: "x" }, { Origin: "https://evil.test" }),
      403,
      "origin_not_allowed",
    );
    await reply(await postChat(app, { tenantId: "acme", text: "x" }, { Origin: "https://shop.acme.test" }));
    expect(central.received).toHaveLength(1);
  });

  it("refuses an oversize message with a problem, recording nothing", async () => {
    const { app, central } = setup();
    await refusal(await postChat(app, { text: "x".repeat(4001) }), 400, "validation_failed");
    await refusal(await postChat(app, { text: "x".repeat(17_000) }), 413, "payload_too_large");
    expect(central.received).toEqual([]);
  });
});
