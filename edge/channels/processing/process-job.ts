import type { ChannelsConfig } from "../../../shared/channels/channels-config.js";
import type { ChannelOutcome } from "../../../shared/channels/channel-outcome.js";
import type { ReplyFailureReason } from "../../../shared/events/channel-events.js";
import type { CentralClient } from "../../central-client/central-client.js";
import { routeMessage, type MessageRoutingDeps } from "../../chat/route-message.js";
import { collectReply, guardTurnEvents } from "../../chat/turn-stream.js";
import type { ChannelStateStore } from "../delivery/channel-state.js";
import type { PlatformHttp } from "../delivery/platform-http.js";
import type { SendRateLimiter } from "../delivery/rate-limiter.js";
import type { ChannelOutcomeRecorder } from "../outcomes/outcome-recorder.js";
import { cutText } from "../cut-text.js";
import { tenantChannel } from "../registry.js";
import { sendKey, type ChannelJob } from "./channel-job.js";

/** What processing a channel job needs. */
export interface ChannelProcessorDeps {
  channels: ChannelsConfig;
  central: CentralClient;
  /** The edge's intent models and routing rules (the same as POST /v1/chat); absent → forwarded unclassified. */
  routing?: MessageRoutingDeps;
  state: ChannelStateStore;
  limiter: SendRateLimiter;
  http: PlatformHttp;
  outcomes: ChannelOutcomeRecorder;
  now: () => Date;
}

/** How a job ended: done (acknowledge it), or to be retried (after `delaySeconds` when known). */
export type JobOutcome =
  | { status: "done"; outcome: ChannelOutcome["type"] | "nothing" | "refused" }
  | { status: "retry"; reason: string; delaySeconds?: number };

/** How long an in-progress send claim is trusted before the send counts as of unknown outcome. */
const SENDING_GRACE_MS = 60_000;

/** A send claim's value. */
type SendState =
  | { state: "sending"; at: number; run?: string }
  | { state: "delivered"; platformReplyId: string | null; attempts: number }
  | { state: "rejected"; detail: string; attempts: number };

/**
 * Processes one job. A message: the same pipeline as `POST /v1/chat` (classify and route at the edge, a central turn —
 * idempotent by message id), then the reply through the platform under the per-channel rate limit, guarded by a send
 * claim so a re-run job never sends twice, then the outcome recorded at central. `final` (the dead-letter pass)
 * turns what would be a retry into a recorded failure.
 */
export async function processChannelJob(
  job: ChannelJob,
  deps: ChannelProcessorDeps,
  options: { final: boolean },
): Promise<JobOutcome> {
  if (job.kind === "ignored") {
    const platformId = job.item.platformId ?? job.correlationId;
    const outcomeId = `ignored:${job.channel}:${platformId}:${job.item.reason}:${job.item.kind}`;
    return record(deps, {
      type: "channel.webhook_ignored",
      tenantId: job.tenantId,
      correlationId: job.correlationId,
      outcomeId,
      data: { ...job.item, channel: job.channel },
    });
  }
  const { message, channel } = job;
  const adapter = tenantChannel(channel, deps.channels.tenants[message.tenantId]);
  const ref = {
    customerId: message.customerId,
    conversationId: message.conversationId,
    channel,
    channelMessageId: message.channelMessageId,
  };
  const outcomeBase = {
    tenantId: message.tenantId,
    correlationId: message.correlationId,
    outcomeId: `reply:${channel}:${message.channelMessageId}`,
  };
  const failed = (reason: ReplyFailureReason, detail: string, attempts: number) =>
    record(deps, {
      type: "channel.reply_failed",
      ...outcomeBase,
      data: { ...ref, reason, detail: cutText(detail, 500), attempts },
    });
  const retryOrFail = (
    reason: ReplyFailureReason,
    detail: string,
    attempts: number,
    delaySeconds?: number,
  ): Promise<JobOutcome> | JobOutcome =>
    options.final
      ? failed(reason, detail, attempts)
      : { status: "retry", reason: detail, ...(delaySeconds === undefined ? {} : { delaySeconds }) };
  if (!adapter) return failed("platform_rejected", `the tenant no longer has ${channel} configured`, 0);

  const key = sendKey(message.tenantId, channel, message.channelMessageId);
  const previous = await readSendState(deps.state, key);
  if (previous === "unavailable") return retryOrFail("platform_unavailable", "channel state store unavailable", 0);
  if (previous) return settled(previous, deps, outcomeBase, ref, failed, retryOrFail);

  const routed = deps.routing ? (await routeMessage(message, deps.routing)).message : message;
  const started = await deps.central.startTurn(routed);
  if (!started.ok) return retryOrFail("turn_failed", `${started.error.code}: ${started.error.message}`, 0);
  const reply = await collectReply(guardTurnEvents(started.value, (body) => body));
  if (!reply.ok)
    return retryOrFail("turn_failed", `${reply.error.code}: ${reply.error.detail ?? reply.error.title}`, 0);

  const slot = await deps.limiter.acquire(`${message.tenantId}:${channel}`, adapter.sendRatePerSecond);
  if (!slot.ok)
    return retryOrFail(
      "platform_unavailable",
      slot.error.code,
      0,
      slot.error.code === "rate_limited" ? slot.error.retryAfterSeconds : undefined,
    );

  // Unique to this run: a SET NX the store client retried after losing the answer finds its own value, not a rival's.
  const sending = JSON.stringify({
    state: "sending",
    at: deps.now().getTime(),
    run: crypto.randomUUID(),
  } satisfies SendState);
  const claimed = await deps.state.claim(key, sending, deps.channels.dedupeTtlSeconds);
  if (!claimed.ok) return retryOrFail("platform_unavailable", claimed.error.message, 0);
  if (!claimed.value && !(await holds(deps.state, key, sending)))
    return { status: "retry", reason: "another run holds the send claim", delaySeconds: 30 };

  const sent = await adapter.send(
    { text: reply.value.reply.text, replyTo: job.replyTo, inReplyTo: message.channelMessageId },
    deps.http,
  );
  if (sent.ok) {
    await deps.state.set(
      key,
      JSON.stringify({ state: "delivered", ...sent.value } satisfies SendState),
      deps.channels.dedupeTtlSeconds,
    );
    return record(deps, { type: "channel.reply_delivered", ...outcomeBase, data: { ...ref, ...sent.value } });
  }
  if (sent.error.code === "platform_rejected") {
    await deps.state.set(
      key,
      JSON.stringify({
        state: "rejected",
        detail: sent.error.message,
        attempts: sent.error.attempts,
      } satisfies SendState),
      deps.channels.dedupeTtlSeconds,
    );
    return failed("platform_rejected", sent.error.message, sent.error.attempts);
  }
  // Known not delivered (429/5xx/network after retries): free the claim so the next run sends.
  const released = await deps.state.release(key);
  if (!released.ok)
    console.error(
      `could not release the send claim of ${channel} message ${message.channelMessageId}: ${released.error.message}`,
    );
  return retryOrFail("platform_unavailable", sent.error.message, sent.error.attempts, sent.error.retryAfterSeconds);
}

/** True when `key` holds exactly `value` (this run's own claim). */
async function holds(state: ChannelStateStore, key: string, value: string): Promise<boolean> {
  const current = await state.get(key);
  return current.ok && current.value === value;
}

async function readSendState(state: ChannelStateStore, key: string): Promise<SendState | null | "unavailable"> {
  const value = await state.get(key);
  if (!value.ok) return "unavailable";
  if (value.value === null) return null;
  try {
    return JSON.parse(value.value) as SendState;
  } catch {
    return { state: "sending", at: 0 };
  }
}

/** A job whose reply was already sent (or attempted) by an earlier run: record what happened, never send again. */
function settled(
  previous: SendState,
  deps: ChannelProcessorDeps,
  base: { tenantId: string; correlationId: string; outcomeId: string },
  ref: { customerId: string; conversationId: string; channel: ChannelJob["channel"]; channelMessageId: string },
  failed: (reason: ReplyFailureReason, detail: string, attempts: number) => Promise<JobOutcome>,
  retryOrFail: (
    reason: ReplyFailureReason,
    detail: string,
    attempts: number,
    delaySeconds?: number,
  ) => Promise<JobOutcome> | JobOutcome,
): Promise<JobOutcome> | JobOutcome {
  if (previous.state === "delivered") {
    return record(deps, {
      type: "channel.reply_delivered",
      ...base,
      data: { ...ref, platformReplyId: previous.platformReplyId, attempts: previous.attempts },
    });
  }
  if (previous.state === "rejected") return failed("platform_rejected", previous.detail, previous.attempts);
  if (deps.now().getTime() - previous.at < SENDING_GRACE_MS)
    return retryOrFail("delivery_unknown", "a send is in progress", 0, 60);
  return failed("delivery_unknown", "an earlier run started sending and never reported back; not resent", 0);
}

async function record(deps: ChannelProcessorDeps, outcome: ChannelOutcome): Promise<JobOutcome> {
  const recorded = await deps.outcomes.record(outcome);
  if (recorded.ok) return { status: "done", outcome: outcome.type };
  if (recorded.error.code !== "record_refused") return { status: "retry", reason: recorded.error.message };
  // Central will never record it: retrying would poison the queue. The Worker's log keeps the failure (ids only).
  console.error(
    `${outcome.type} ${outcome.outcomeId} of tenant ${outcome.tenantId} refused for good: ${recorded.error.message}`,
  );
  return { status: "done", outcome: "refused" };
}
