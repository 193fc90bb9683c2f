import { z } from "zod";
import { idSchema } from "../../shared/ids.js";
import { err, ok, type Result } from "../../shared/result.js";
import { fromBase64Url, toBase64Url } from "./base64url.js";

/** Marks the token format (and its version): `fdc1.<claims>.<signature>`. */
const PREFIX = "fdc1";

/** Web conversation ids live in their own namespace: no other channel's conversation id starts with it. */
export const WEB_CONVERSATION_PREFIX = "web-";

/** What a conversation token binds: tenant, conversation, customer, and until when that customer is verified. */
export const conversationClaimsSchema = z.strictObject({
  /** Tenant. */
  t: idSchema,
  /** Conversation id (always `web-…`). */
  c: idSchema.refine((id) => id.startsWith(WEB_CONVERSATION_PREFIX), "not a web conversation"),
  /** Customer id: the anonymous visitor, or the identity token's `sub`. */
  u: idSchema,
  /** Until when (epoch seconds) the customer counts as verified; absent: anonymous or no longer vouched for. */
  vx: z.number().int().positive().optional(),
  /** Expiry, epoch seconds. */
  exp: z.number().int().positive(),
});

/** The claims a conversation token carries. */
export type ConversationClaims = z.infer<typeof conversationClaimsSchema>;

/** Why a conversation token was refused. */
export type ConversationTokenFailure = { code: "conversation_token_invalid" } | { code: "conversation_token_expired" };

/** Mints and verifies conversation tokens with one HMAC-SHA256 secret. */
export interface ConversationTokens {
  mint(claims: ConversationClaims): Promise<string>;
  /** Checks format, signature (constant time, WebCrypto) and expiry against `now`. */
  verify(token: string, now: Date): Promise<Result<ConversationClaims, ConversationTokenFailure>>;
}

/** Creates the token codec for `secret` (CONVERSATION_TOKEN_SECRET). */
export function createConversationTokens(secret: string): ConversationTokens {
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const encoder = new TextEncoder();
  return {
    async mint(claims) {
      const signed = `${PREFIX}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
      const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await key, encoder.encode(signed)));
      return `${signed}.${toBase64Url(signature)}`;
    },
    async verify(token, now) {
      const invalid = err({ code: "conversation_token_invalid" as const });
      const parts = token.split(".");
      if (parts.length !== 3 || parts[0] !== PREFIX) return invalid;
      const payload = fromBase64Url(parts[1] ?? "");
      const signature = fromBase64Url(parts[2] ?? "");
      if (!payload || !signature || signature.length !== 32) return invalid;
      // crypto.subtle.verify compares in constant time.
      const valid = await crypto.subtle.verify(
        "HMAC",
        await key,
        signature,
        encoder.encode(`${PREFIX}.${parts[1] ?? ""}`),
      );
      if (!valid) return invalid;
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(payload));
      } catch {
        return invalid;
      }
      const claims = conversationClaimsSchema.safeParse(json);
      if (!claims.success) return invalid;
      if (claims.data.exp * 1000 <= now.getTime()) return err({ code: "conversation_token_expired" });
      return ok(claims.data);
    },
  };
}
