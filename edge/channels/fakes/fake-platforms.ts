import { Hono, type Context } from "hono";
import type { WebhookChannel } from "../../../shared/channels/channels-config.js";

/** One reply a fake platform accepted. */
export interface FakeSentMessage {
  channel: WebhookChannel;
  /** Where it went: phone number, PSID, chat id or Slack channel. */
  to: string;
  text: string;
  /** Slack thread or Telegram quoted message, when given. */
  replyTo?: string;
}

/** A scripted failure answered instead of accepting the next request. */
export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The credentials the fake platforms accept (they refuse others with the platform's 401). */
export interface FakePlatformCredentials {
  whatsappToken: string;
  messengerToken: string;
  telegramBotToken: string;
  slackBotToken: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
}

/**
 * FAKE messaging platforms (not the real services): one Hono app answering the send APIs the channel adapters call —
 * Graph API `/:version/:phoneNumberId/messages` and `/:version/me/messages`, Telegram `/bot<token>/sendMessage`, Slack
 * `/api/chat.postMessage`, Twilio `/2010-04-01/Accounts/:sid/Messages.json` — with each API's auth check and answer
 * shape. It records what it accepted and answers scripted failures (429 with Retry-After, 5xx…) first. Runs in-process
 * as the adapters' fetch in workerd tests, or on a port (Node) for the benchmark.
 */
export function createFakePlatforms(credentials: FakePlatformCredentials) {
  const sent: FakeSentMessage[] = [];
  const failures = new Map<WebhookChannel, FakeFailure[]>();
  const requests = new Map<WebhookChannel, number>();
  let sequence = 0;
  const app = new Hono();

  const scripted = (c: Context, channel: WebhookChannel): Response | null => {
    requests.set(channel, (requests.get(channel) ?? 0) + 1);
    const failure = failures.get(channel)?.shift();
    if (!failure) return null;
    return c.body(
      failure.body ?? JSON.stringify({ error: { code: failure.status } }),
      failure.status as 400,
      failure.headers ?? {},
    );
  };
  const bearer = (c: Context, token: string) => c.req.header("Authorization") === `Bearer ${token}`;
  const graphUnauthorized = (c: Context) =>
    c.json({ error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } }, 401);

  app.post("/:version/me/messages", async (c) => {
    const failure = scripted(c, "messenger");
    if (failure) return failure;
    if (!bearer(c, credentials.messengerToken)) return graphUnauthorized(c);
    const body = await c.req.json<{ recipient?: { id?: string }; message?: { text?: string } }>();
    if (!body.recipient?.id || !body.message?.text)
      return c.json({ error: { code: 100, message: "Invalid parameter" } }, 400);
    sent.push({ channel: "messenger", to: body.recipient.id, text: body.message.text });
    return c.json({ recipient_id: body.recipient.id, message_id: `m_fake${++sequence}` });
  });
  app.post("/:version/:phoneNumberId/messages", async (c) => {
    const failure = scripted(c, "whatsapp");
    if (failure) return failure;
    if (!bearer(c, credentials.whatsappToken)) return graphUnauthorized(c);
    const body = await c.req.json<{
      messaging_product?: string;
      to?: string;
      type?: string;
      text?: { body?: string };
    }>();
    if (body.messaging_product !== "whatsapp" || !body.to || body.type !== "text" || !body.text?.body) {
      return c.json({ error: { code: 100, message: "Invalid parameter" } }, 400);
    }
    sent.push({ channel: "whatsapp", to: body.to, text: body.text.body });
    return c.json({
      messaging_product: "whatsapp",
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id: `wamid.fake${++sequence}` }],
    });
  });
  app.post("/:botPath/sendMessage", async (c) => {
    const failure = scripted(c, "telegram");
    if (failure) return failure;
    if (c.req.param("botPath") !== `bot${credentials.telegramBotToken}`)
      return c.json({ ok: false, error_code: 401, description: "Unauthorized" }, 401);
    const body = await c.req.json<{ chat_id?: string; text?: string; reply_parameters?: { message_id?: number } }>();
    if (!body.chat_id || !body.text)
      return c.json({ ok: false, error_code: 400, description: "Bad Request: message text is empty" }, 400);
    sent.push({
      channel: "telegram",
      to: String(body.chat_id),
      text: body.text,
      ...(body.reply_parameters?.message_id ? { replyTo: String(body.reply_parameters.message_id) } : {}),
    });
    return c.json({
      ok: true,
      result: { message_id: ++sequence, chat: { id: Number(body.chat_id) }, text: body.text },
    });
  });
  app.post("/api/chat.postMessage", async (c) => {
    const failure = scripted(c, "slack");
    if (failure) return failure;
    if (!bearer(c, credentials.slackBotToken)) return c.json({ ok: false, error: "invalid_auth" });
    const body = await c.req.json<{ channel?: string; text?: string; thread_ts?: string }>();
    if (!body.channel) return c.json({ ok: false, error: "channel_not_found" });
    if (!body.text) return c.json({ ok: false, error: "no_text" });
    sent.push({
      channel: "slack",
      to: body.channel,
      text: body.text,
      ...(body.thread_ts ? { replyTo: body.thread_ts } : {}),
    });
    return c.json({ ok: true, channel: body.channel, ts: `1700000000.${String(++sequence).padStart(6, "0")}` });
  });
  app.post("/2010-04-01/Accounts/:sid/Messages.json", async (c) => {
    const failure = scripted(c, "sms");
    if (failure) return failure;
    const expected = `Basic ${btoa(`${credentials.twilioAccountSid}:${credentials.twilioAuthToken}`)}`;
    if (c.req.param("sid") !== credentials.twilioAccountSid || c.req.header("Authorization") !== expected) {
      return c.json({ code: 20003, message: "Authenticate", status: 401 }, 401);
    }
    const form = await c.req.parseBody();
    const [to, from, text] = [form.To, form.From, form.Body];
    if (typeof to !== "string" || typeof from !== "string" || typeof text !== "string" || text === "") {
      return c.json({ code: 21602, message: "Message body is required.", status: 400 }, 400);
    }
    sent.push({ channel: "sms", to, text });
    return c.json({ sid: `SM${String(++sequence).padStart(32, "0")}`, status: "queued", to, from, body: text }, 201);
  });

  return {
    app,
    /** Replies accepted, in order. */
    sent,
    /** Requests received per channel (failed ones included). */
    requests: (channel: WebhookChannel) => requests.get(channel) ?? 0,
    /** Answers the next requests of `channel` with these failures, in order. */
    failNext(channel: WebhookChannel, ...next: FakeFailure[]) {
      failures.set(channel, [...(failures.get(channel) ?? []), ...next]);
    },
    /** A fetch that serves every request from the fake, whatever its host (for the adapters' injected fetch). */
    fetch: async (request: Request) => app.fetch(request),
  };
}

/** The fake platforms, as created. */
export type FakePlatforms = ReturnType<typeof createFakePlatforms>;
