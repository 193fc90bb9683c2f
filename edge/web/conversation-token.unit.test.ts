import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createConversationTokens, type ConversationClaims } from "./conversation-token.js";

const NOW = new Date("2026-11-23T10:00:00.000Z");
const nowSeconds = NOW.getTime() / 1000;
const claims: ConversationClaims = { t: "acme", c: "web-1", u: "visitor-web-1", exp: nowSeconds + 3600 };
const tokens = createConversationTokens("conversation-secret-0123456789-abcdef");

describe("conversation tokens", () => {
  it("verify what they minted, in the compact fdc1.<claims>.<signature> format", async () => {
    const token = await tokens.mint(claims);
    expect(token).toMatch(/^fdc1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await tokens.verify(token, NOW)).toEqual({ ok: true, value: claims });
  });

  it("refuse an expired token as conversation_token_expired", async () => {
    const token = await tokens.mint({ ...claims, exp: nowSeconds });
    expect(await tokens.verify(token, NOW)).toEqual({ ok: false, error: { code: "conversation_token_expired" } });
  });

  it("refuse a token signed with another secret, and claims re-signed by nobody", async () => {
    const other = await createConversationTokens("another-secret-0123456789-abcdefgh").mint(claims);
    expect(await tokens.verify(other, NOW)).toEqual({ ok: false, error: { code: "conversation_token_invalid" } });
    const [prefix, , signature] = (await tokens.mint(claims)).split(".");
    const forged = btoa(JSON.stringify({ ...claims, t: "globex" })).replace(/=+$/, "");
    expect((await tokens.verify(`${prefix}.${forged}.${signature}`, NOW)).ok).toBe(false);
  });

  it("refuse a validly signed token whose conversation is not a web conversation", async () => {
    const token = await tokens.mint({ ...claims, c: "wa-155535501060" });
    expect(await tokens.verify(token, NOW)).toEqual({ ok: false, error: { code: "conversation_token_invalid" } });
  });

  it("refuse any change to a valid token (property)", async () => {
    const token = await tokens.mint(claims);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet.split("")),
        fc.constantFrom("replace", "insert", "delete"),
        async (at, char, how) => {
          const mutated =
            how === "replace"
              ? token.slice(0, at) + char + token.slice(at + 1)
              : how === "insert"
                ? token.slice(0, at) + char + token.slice(at)
                : token.slice(0, at) + token.slice(at + 1);
          fc.pre(mutated !== token);
          expect((await tokens.verify(mutated, NOW)).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuse arbitrary strings without throwing (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `fdc1.${s}.${s}`),
        ),
        async (text) => {
          expect((await tokens.verify(text, NOW)).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
