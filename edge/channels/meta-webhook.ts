import { err, ok, type Result } from "../../shared/result.js";
import type { RawWebhook, WebhookRejection } from "./channel-adapter.js";
import { fromHex, secretsEqual, verifyHmac } from "./signatures.js";

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>` — Meta's scheme (WhatsApp
 * Cloud API, Messenger; GitHub uses the same).
 */
export async function verifyHubSignature(
  webhook: RawWebhook,
  appSecret: string,
): Promise<Result<void, WebhookRejection>> {
  const header = webhook.headers.get("X-Hub-Signature-256");
  if (!header) return err({ code: "signature_invalid", message: "X-Hub-Signature-256 is missing." });
  const signature = header.startsWith("sha256=") ? fromHex(header.slice("sha256=".length)) : null;
  if (!signature || signature.byteLength !== 32)
    return err({ code: "signature_invalid", message: "X-Hub-Signature-256 is not sha256=<64 hex digits>." });
  if (!(await verifyHmac(appSecret, webhook.body, signature, "SHA-256"))) {
    return err({ code: "signature_invalid", message: "X-Hub-Signature-256 does not match the body." });
  }
  return ok(undefined);
}

/** Meta's subscription handshake: `hub.mode=subscribe` and the verify token → echo `hub.challenge`. */
export async function metaHandshake(
  query: URLSearchParams,
  verifyToken: string,
): Promise<Result<string, WebhookRejection>> {
  const challenge = query.get("hub.challenge");
  if (query.get("hub.mode") !== "subscribe" || !challenge || challenge.length > 512) {
    return err({
      code: "malformed_body",
      message: "Expected hub.mode=subscribe with hub.challenge and hub.verify_token.",
    });
  }
  if (!(await secretsEqual(query.get("hub.verify_token") ?? "", verifyToken))) {
    return err({ code: "signature_invalid", message: "hub.verify_token does not match." });
  }
  return ok(challenge);
}

/** Graph API send: a POST with a bearer token; the reply id is read by the caller. */
export function graphHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
