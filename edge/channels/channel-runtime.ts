import type { ChannelsConfig } from "../../shared/channels/channels-config.js";
import type { CentralClient } from "../central-client/central-client.js";
import type { MessageRoutingDeps } from "../chat/route-message.js";
import type { WebhookRoutesDeps } from "../webhooks/webhook-routes.js";
import { createUpstashChannelState } from "./delivery/channel-state.js";
import { createPlatformHttp } from "./delivery/platform-http.js";
import { createSendRateLimiter } from "./delivery/rate-limiter.js";
import { createHttpOutcomeRecorder } from "./outcomes/outcome-recorder.js";
import type { ChannelJob } from "./processing/channel-job.js";
import type { ChannelProcessorDeps } from "./processing/process-job.js";

/** The queue name whose batches are the dead-letter pass (wrangler.toml `dead_letter_queue`). */
export const CHANNEL_DEAD_LETTER_QUEUE = "frontdesk-channel-jobs-dlq";

/** What the channel runtime is built from (validated env values and bindings). */
export interface ChannelRuntimeOptions {
  channels: ChannelsConfig;
  redis: { url: string; token: string };
  queue: Queue<ChannelJob>;
  central: { client: CentralClient; baseUrl: string; edgeToken: string; timeoutMs: number };
  routing?: MessageRoutingDeps;
}

/** The webhook routes' and the queue consumer's dependencies, wired from configuration (used by edge/index.ts). */
export function createChannelRuntime(options: ChannelRuntimeOptions): {
  webhooks: WebhookRoutesDeps;
  processor: ChannelProcessorDeps;
} {
  const now = () => new Date();
  const state = createUpstashChannelState(options.redis);
  return {
    webhooks: {
      channels: options.channels,
      state,
      queue: { sendBatch: (jobs) => sendInBatches(options.queue, jobs) },
      now,
    },
    processor: {
      channels: options.channels,
      central: options.central.client,
      ...(options.routing ? { routing: options.routing } : {}),
      state,
      limiter: createSendRateLimiter({ state }),
      http: createPlatformHttp(),
      outcomes: createHttpOutcomeRecorder({
        baseUrl: options.central.baseUrl,
        edgeToken: options.central.edgeToken,
        timeoutMs: options.central.timeoutMs,
      }),
      now,
    },
  };
}

/** A Queue batch holds at most 100 messages and 256 KB: larger webhooks go out in several batches. */
async function sendInBatches(queue: Queue<ChannelJob>, jobs: ChannelJob[]): Promise<void> {
  const encoder = new TextEncoder();
  let batch: MessageSendRequest<ChannelJob>[] = [];
  let bytes = 0;
  for (const body of jobs) {
    const size = encoder.encode(JSON.stringify(body)).byteLength + 100;
    if (batch.length > 0 && (batch.length === 100 || bytes + size > 200_000)) {
      await queue.sendBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ body });
    bytes += size;
  }
  if (batch.length > 0) await queue.sendBatch(batch);
}
