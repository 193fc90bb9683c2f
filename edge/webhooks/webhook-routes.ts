import { Hono, type Context } from "hono";
import { webhookChannelSchema, type ChannelsConfig } from "../../shared/channels/channels-config.js";
import type { CorrelationIdEnv } from "../../shared/http/correlation-id/index.js";
import { readBounded } from "../../shared/http/read-json-body.js";
import { idSchema } from "../../shared/ids.js";
import { problem, ProblemError, type ProblemDetails } from "../../shared/problem-details.js";
import type { RawWebhook, WebhookRejection } from "../channels/channel-adapter.js";
import type { ChannelStateStore } from "../channels/delivery/channel-state.js";
import type { ChannelJobQueue } from "../channels/processing/channel-job.js";
import { tenantChannel, type TenantChannel } from "../channels/registry.js";
import { unconfiguredTenantChannel } from "../channels/unconfigured-tenant.js";
import { claimAndEnqueue } from "./claim-and-enqueue.js";

/** Largest accepted webhook body, in bytes (Meta batches many changes in one delivery). */
export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

/** What the webhook routes need. */
export interface WebhookRoutesDeps {
  channels: ChannelsConfig;
  state: ChannelStateStore;
  queue: ChannelJobQueue;
  now: () => Date;
}

/**
 * `POST /v1/webhooks/:channel/:tenant` — verify the signature on the raw bytes (read, bounded, by the app's
 * `boundedBody` middleware), parse, claim each message once (`SET NX EX`), queue the work and acknowledge (the reply is
 * produced by the queue consumer, never before the ack); `GET` — the platform's subscription handshake. Refusals are
 * problem-details: 401 `webhook_signature_invalid` / `webhook_stale`, 400 `validation_failed`, 404 `not_found` (unknown
 * channel), 405 (no GET handshake), 413, 503 `channel_unavailable`. A tenant that has not configured the channel is
 * answered exactly like a wrong signature for one that has (see {@link unconfiguredTenantChannel}).
 */
export function webhookRoutes(deps: WebhookRoutesDeps): Hono<CorrelationIdEnv> {
  const app = new Hono<CorrelationIdEnv>();
  app.get("/v1/webhooks/:channel/:tenant", async (c) => {
    const { channel } = target(c, deps.channels);
    if (!channel.handshake)
      throw new ProblemError(
        problem("method_not_allowed", `${channel.channel} has no GET handshake; it POSTs webhooks.`),
      );
    const answer = await channel.handshake(new URL(c.req.url).searchParams);
    if (!answer.ok) throw new ProblemError(rejectionProblem(answer.error));
    return c.text(answer.value, 200);
  });
  app.post("/v1/webhooks/:channel/:tenant", async (c) => {
    const { channel, tenantId } = target(c, deps.channels);
    const body = await readBounded(c.req.raw, MAX_WEBHOOK_BODY_BYTES);
    if (!body)
      throw new ProblemError(
        problem("payload_too_large", `A webhook body must be at most ${MAX_WEBHOOK_BODY_BYTES} bytes.`),
      );
    const webhook: RawWebhook = { url: new URL(c.req.url), headers: c.req.raw.headers, body };
    const verified = await channel.verify(webhook, {
      now: deps.now,
      ...(deps.channels.publicBaseUrl ? { publicBaseUrl: deps.channels.publicBaseUrl } : {}),
    });
    if (!verified.ok) throw new ProblemError(rejectionProblem(verified.error));
    // Unreachable in practice: nobody knows an unconfigured tenant's random secret.
    if (tenantId === null) throw new ProblemError(rejectionProblem(UNVERIFIABLE));
    const parsed = channel.parse(webhook);
    if (!parsed.ok) throw new ProblemError(rejectionProblem(parsed.error));
    if (parsed.value.kind === "challenge")
      return c.body(parsed.value.body, 200, { "Content-Type": parsed.value.contentType });
    const queued = await claimAndEnqueue(parsed.value, {
      tenantId,
      channel: channel.channel,
      correlationId: c.get("correlationId"),
      receivedAt: deps.now().toISOString(),
      ttlSeconds: deps.channels.dedupeTtlSeconds,
      state: deps.state,
      queue: deps.queue,
      now: deps.now,
    });
    if (!queued.ok)
      throw new ProblemError(problem("channel_unavailable", queued.error.message, { retryAfterSeconds: 30 }));
    await afterResponse(c, queued.value.markQueued());
    const ack = channel.ack;
    const headers = {
      "X-Frontdesk-Queued": String(queued.value.queued),
      "X-Frontdesk-Duplicates": String(queued.value.duplicates),
      "X-Frontdesk-Ignored": String(queued.value.ignored),
    };
    return ack ? c.body(ack.body, 200, { ...headers, "Content-Type": ack.contentType }) : c.body(null, 200, headers);
  });
  return app;
}

/**
 * The tenant's adapter for the path's channel: 404 when the channel does not exist (channel names are public); a tenant
 * that has not configured it gets the placeholder adapter and a null tenant id.
 */
function target(
  c: Context<CorrelationIdEnv>,
  channels: ChannelsConfig,
): { channel: TenantChannel; tenantId: string | null } {
  const channelName = webhookChannelSchema.safeParse(c.req.param("channel"));
  if (!channelName.success) throw new ProblemError(problem("not_found", "No such messaging channel."));
  const tenantId = idSchema.safeParse(c.req.param("tenant"));
  const tenant = tenantId.success && Object.hasOwn(channels.tenants, tenantId.data) ? tenantId.data : null;
  const channel = tenant === null ? undefined : tenantChannel(channelName.data, channels.tenants[tenant]);
  if (channel && tenant !== null) return { channel, tenantId: tenant };
  return { channel: unconfiguredTenantChannel(channelName.data), tenantId: null };
}

/**
 * Lets `work` finish after the response (waitUntil); without an execution context (in-process tests) it is awaited
 * first.
 */
function afterResponse(c: Context<CorrelationIdEnv>, work: Promise<void>): Promise<void> | void {
  let context: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    context = c.executionCtx;
  } catch {
    context = undefined;
  }
  if (context) return context.waitUntil(work);
  return work;
}

const UNVERIFIABLE: WebhookRejection = { code: "signature_invalid", message: "The signature cannot be checked." };

/** What an operator whose webhooks are refused should check (said for every tenant, configured or not). */
const SIGNATURE_HINT =
  "Check that the URL names a channel and tenant configured in CHANNELS_CONFIG and that the platform uses that " +
  "tenant's secret or token.";

function rejectionProblem(rejection: WebhookRejection): ProblemDetails {
  switch (rejection.code) {
    case "signature_invalid":
      return problem("webhook_signature_invalid", `${rejection.message} ${SIGNATURE_HINT}`);
    case "request_stale":
      return problem("webhook_stale", rejection.message);
    case "malformed_body":
      return problem("validation_failed", rejection.message);
  }
}
