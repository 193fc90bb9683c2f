import type { ChannelConfig, WebhookChannel } from "../../shared/channels/channels-config.js";
import type { IgnoreReason } from "../../shared/events/channel-events.js";
import type { Result } from "../../shared/result.js";
import type { PlatformHttp, SendFailure } from "./delivery/platform-http.js";

/** A webhook request as received: method, URL, headers and the raw body bytes (signatures cover the bytes). */
export interface RawWebhook {
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

/**
 * What verification needs besides the request: the clock (Slack's replay window) and the edge's public URL (Twilio).
 */
export interface VerifyContext {
  now: () => Date;
  /** The edge's public base URL as the platform sees it (no trailing slash), when configured. */
  publicBaseUrl?: string;
}

/**
 * Why a webhook was refused: a missing/wrong signature or token (401), a stale timestamp (401), or a bad body (400).
 */
export type WebhookRejection =
  | { code: "signature_invalid"; message: string }
  | { code: "request_stale"; message: string }
  | { code: "malformed_body"; message: string };

/** One customer text message found in a webhook, ready to become an InboundMessage. */
export interface ChannelMessage {
  /** The platform's id of the message: the de-duplication key with tenant and channel. */
  platformMessageId: string;
  conversationId: string;
  customerId: string;
  text: string;
  /** Where the reply goes, in the channel's own terms (chat id, phone number, Slack channel and thread…). */
  replyTo: Record<string, string>;
}

/** A verified item acknowledged without processing. */
export interface IgnoredItem {
  reason: IgnoreReason;
  /** The platform's kind of item (`image`, `statuses`, `edited_message`…). */
  kind: string;
  platformId: string | null;
  customerId: string | null;
}

/** What a verified webhook holds: a challenge to echo (Slack url_verification), or messages and ignored items. */
export type ParsedWebhook =
  | { kind: "challenge"; body: string; contentType: string }
  | { kind: "items"; messages: ChannelMessage[]; ignored: IgnoredItem[] };

/** A reply to send to the customer who wrote `replyTo`'s message. */
export interface OutboundReply {
  text: string;
  replyTo: Record<string, string>;
  /** The platform's id of the message answered (Telegram replies quote it). */
  inReplyTo: string;
}

/** The platform accepted the reply. */
export interface Delivered {
  platformReplyId: string | null;
  attempts: number;
}

/**
 * One messaging channel: checks a webhook's signature on the raw bytes, parses it into messages and ignored items,
 * answers the platform's GET handshake (if it has one), and sends a reply through the platform's API. Adapters are
 * stateless; the tenant's configuration is passed in.
 */
export interface ChannelAdapter<K extends WebhookChannel> {
  readonly channel: K;
  /** The body of the 200 acknowledgement, when the platform wants one (Twilio: empty TwiML); default: empty. */
  readonly ack?: { body: string; contentType: string };
  /** `GET` subscription handshake: the body to echo, or why not (absent: the channel has no GET handshake). */
  handshake?(query: URLSearchParams, config: ChannelConfig<K>): Promise<Result<string, WebhookRejection>>;
  verify(
    webhook: RawWebhook,
    config: ChannelConfig<K>,
    context: VerifyContext,
  ): Promise<Result<void, WebhookRejection>>;
  /** Parses a verified webhook (never throws; a body that is not the platform's format is `malformed_body`). */
  parse(webhook: RawWebhook, config: ChannelConfig<K>): Result<ParsedWebhook, WebhookRejection>;
  send(reply: OutboundReply, config: ChannelConfig<K>, http: PlatformHttp): Promise<Result<Delivered, SendFailure>>;
}
