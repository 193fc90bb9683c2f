import type { WebhookChannel } from "../../shared/channels/channels-config.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { ChannelMessage, ParsedWebhook } from "../channels/channel-adapter.js";
import type { ChannelStateStore } from "../channels/delivery/channel-state.js";
import { dedupeKey, type ChannelJob, type ChannelJobQueue } from "../channels/processing/channel-job.js";

/** How long a claim may stay `pending` (claimed, not yet queued) before a redelivery takes the message over. */
export const PENDING_TAKEOVER_MS = 30_000;

/** What one webhook added to the queue. */
export interface EnqueueSummary {
  queued: number;
  duplicates: number;
  ignored: number;
  /**
   * Marks the claims `queued` (best effort, after the ack: a claim left `pending` is only ever taken over, never lost).
   */
  markQueued: () => Promise<void>;
}

/** What claiming and queueing needs. */
export interface ClaimContext {
  tenantId: string;
  channel: WebhookChannel;
  correlationId: string;
  receivedAt: string;
  ttlSeconds: number;
  state: ChannelStateStore;
  queue: ChannelJobQueue;
  now: () => Date;
}

/**
 * Claims each message's (tenant, channel, platform message id) with `SET NX EX` — atomic, so of any number of
 * concurrent deliveries exactly one wins — and queues the winners' jobs and the ignored items; the caller marks the
 * claims `queued` once it has acknowledged (`markQueued`). If queueing fails the claims are released and the caller
 * answers 503, so the platform redelivers. A claim
 * left `pending` by an isolate that died before queueing is taken over by a redelivery after {@link
 * PENDING_TAKEOVER_MS}
 * (queueing twice is harmless: the consumer's send claim still sends one reply).
 */
export async function claimAndEnqueue(
  parsed: Extract<ParsedWebhook, { kind: "items" }>,
  context: ClaimContext,
): Promise<Result<EnqueueSummary, { code: "channel_unavailable"; message: string }>> {
  const { tenantId, channel, correlationId } = context;
  // All claims at once (a Meta delivery may batch many messages); each is atomic on its own.
  const outcomes = await Promise.all(
    parsed.messages.map(async (message) => {
      const key = dedupeKey(tenantId, channel, message.platformMessageId);
      return { message, key, won: await claim(key, context) };
    }),
  );
  const claimed = outcomes.flatMap(({ message, key, won }) =>
    won.ok && won.value ? [{ key, job: messageJob(message, context) }] : [],
  );
  const failure = outcomes.find(({ won }) => !won.ok)?.won;
  if (failure && !failure.ok) {
    await releaseAll(
      claimed.map((entry) => entry.key),
      context.state,
    );
    return failure;
  }
  const duplicates = outcomes.length - claimed.length;
  const ignoredJobs = parsed.ignored.map((item): ChannelJob => ({
    kind: "ignored",
    channel,
    tenantId,
    correlationId,
    item,
  }));
  const jobs = [...claimed.map((entry) => entry.job), ...ignoredJobs];
  if (jobs.length > 0) {
    try {
      await context.queue.sendBatch(jobs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await releaseAll(
        claimed.map((entry) => entry.key),
        context.state,
      );
      return err({
        code: "channel_unavailable",
        message: `the channel queue refused the work (${reason}); retry later`,
      });
    }
  }
  const markQueued = async () => {
    const marked = await Promise.all(
      claimed.map((entry) => context.state.set(entry.key, "queued", context.ttlSeconds)),
    );
    const failed = marked.filter((result) => !result.ok).length;
    if (failed > 0)
      console.error(
        `${failed} webhook claim(s) stay pending (the state store did not answer); ` +
          `a redelivery after ${PENDING_TAKEOVER_MS / 1000} s takes them over`,
      );
  };
  return ok({ queued: claimed.length, duplicates, ignored: parsed.ignored.length, markQueued });
}

/**
 * True when this delivery owns the message: a fresh claim, or the takeover of an abandoned `pending` one. The claim's
 * value is unique to this attempt, so a `SET NX` the store client retried after losing the answer (the first try
 * having written the key) is recognised as our own claim rather than as a duplicate — which would ack and drop it.
 */
async function claim(
  key: string,
  context: ClaimContext,
): Promise<Result<boolean, { code: "channel_unavailable"; message: string }>> {
  const pending = `pending:${context.now().getTime()}:${crypto.randomUUID()}`;
  const fresh = await context.state.claim(key, pending, context.ttlSeconds);
  if (!fresh.ok)
    return err({ code: "channel_unavailable", message: "the de-duplication store is unavailable; retry later" });
  if (fresh.value) return ok(true);
  const current = await context.state.get(key);
  if (!current.ok)
    return err({ code: "channel_unavailable", message: "the de-duplication store is unavailable; retry later" });
  if (current.value === pending) return ok(true);
  const since = /^pending:(\d+)(?::|$)/.exec(current.value ?? "")?.[1];
  if (since === undefined || context.now().getTime() - Number(since) < PENDING_TAKEOVER_MS) return ok(false);
  const taken = await context.state.set(key, pending, context.ttlSeconds);
  return taken.ok
    ? ok(true)
    : err({ code: "channel_unavailable", message: "the de-duplication store is unavailable; retry later" });
}

function messageJob(message: ChannelMessage, context: ClaimContext): ChannelJob {
  return {
    kind: "message",
    channel: context.channel,
    replyTo: message.replyTo,
    message: {
      tenantId: context.tenantId,
      channel: context.channel,
      conversationId: message.conversationId,
      customerId: message.customerId,
      channelMessageId: message.platformMessageId,
      text: message.text,
      receivedAt: context.receivedAt,
      correlationId: context.correlationId,
    },
  };
}

async function releaseAll(keys: string[], state: ChannelStateStore): Promise<void> {
  await Promise.all(keys.map((key) => state.release(key)));
}
