import { channelJobSchema } from "./channel-job.js";
import { processChannelJob, type ChannelProcessorDeps } from "./process-job.js";

/** The part of a queue message the consumer uses (Cloudflare's `Message`). */
export interface QueuedMessage {
  readonly id: string;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/**
 * Which pass: the work queue (retried with backoff), or the dead-letter queue (one final pass that records failures).
 */
export type ConsumerPass = "work" | "dead_letter";

/** Longest delay before a retry, in seconds. */
const MAX_DELAY_SECONDS = 300;

/**
 * Consumes a batch of channel jobs concurrently: each is acknowledged when done, or retried with exponential backoff
 * (or the platform's `Retry-After`). After the work queue's last retry Cloudflare moves a job to the dead-letter queue,
 * whose pass records the failure as a `channel.reply_failed` event instead of retrying — nothing disappears silently.
 */
export async function consumeChannelJobs(
  messages: readonly QueuedMessage[],
  deps: ChannelProcessorDeps,
  pass: ConsumerPass,
): Promise<void> {
  await Promise.all(
    messages.map(async (message) => {
      const job = channelJobSchema.safeParse(message.body);
      if (!job.success) {
        // A job no code version can read: retrying will not help; log it (ids only) and drop it.
        const paths = job.error.issues.map((issue) => issue.path.join(".")).join(", ");
        console.error(`dropping unreadable channel job ${message.id}: ${paths}`);
        message.ack();
        return;
      }
      try {
        const result = await processChannelJob(job.data, deps, { final: pass === "dead_letter" });
        if (result.status === "done") return message.ack();
        if (pass === "dead_letter") {
          // The last line of defence: if central cannot record the failure either, say so in the Worker's logs (ids
          // only).
          const ref =
            job.data.kind === "message"
              ? `${job.data.message.tenantId}/${job.data.channel}/${job.data.message.channelMessageId}`
              : `${job.data.tenantId}/${job.data.channel}/ignored`;
          console.error(
            `dead-lettered channel job ${ref} (attempt ${message.attempts}) not recorded yet: ${result.reason}`,
          );
        }
        message.retry({
          delaySeconds: Math.min(
            MAX_DELAY_SECONDS,
            Math.max(result.delaySeconds ?? 0, backoffSeconds(message.attempts)),
          ),
        });
      } catch (error) {
        console.error(`channel job ${message.id} failed unexpectedly`, error);
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
}

/** Exponential backoff before the next attempt: 5 s after the first, doubling, at most {@link MAX_DELAY_SECONDS}. */
function backoffSeconds(attempts: number): number {
  return Math.min(MAX_DELAY_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
}
