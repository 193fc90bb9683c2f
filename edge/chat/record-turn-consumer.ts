import type { CentralClient } from "../central-client/central-client.js";
import type { QueuedMessage } from "../channels/processing/channel-queue-consumer.js";
import { recordTurnJobSchema } from "./record-turn-job.js";
import { collectReply, guardTurnEvents } from "./turn-stream.js";

/** Longest delay before a retry, in seconds. */
const MAX_DELAY_SECONDS = 300;

/**
 * Records queued edge-answered turns in central: each job is the same `startTurn` the chat route used to make at once
 * (central records the edge's reply, idempotent by the message's deterministic event ids, so a redelivered job writes
 * nothing twice). Acknowledged once central answered `done`; retried with backoff while central is down or failing;
 * a job central refuses as invalid (4xx) cannot succeed later and is logged and dropped.
 */
export async function consumeRecordTurnJobs(messages: readonly QueuedMessage[], central: CentralClient): Promise<void> {
  await Promise.all(
    messages.map(async (queued) => {
      const job = recordTurnJobSchema.safeParse(queued.body);
      if (!job.success) {
        console.error(`dropping unreadable record-turn job ${queued.id}`);
        queued.ack();
        return;
      }
      const { message } = job.data;
      const ref = `${message.tenantId}/${message.conversationId}/${message.channelMessageId}`;
      const retry = (reason: string) => {
        console.error(`recording turn ${ref} (attempt ${queued.attempts}) failed, retrying: ${reason}`);
        queued.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, 5 * 2 ** Math.max(0, queued.attempts - 1)) });
      };
      try {
        const started = await central.startTurn(message);
        if (!started.ok) {
          const status = started.error.problem?.status ?? 0;
          if (
            started.error.code === "upstream_failed" &&
            status >= 400 &&
            status < 500 &&
            status !== 401 &&
            status !== 403
          ) {
            console.error(`central refused to record turn ${ref} (${status}); dropped`);
            queued.ack();
            return;
          }
          return retry(`${started.error.code}: ${started.error.message}`);
        }
        const reply = await collectReply(guardTurnEvents(started.value, (body) => body));
        if (!reply.ok) return retry(`${reply.error.code}: ${reply.error.detail ?? reply.error.title}`);
        queued.ack();
      } catch (error) {
        retry(error instanceof Error ? error.message : "unexpected failure");
      }
    }),
  );
}
