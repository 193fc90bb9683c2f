import { describe, expect, it } from "vitest";
import type { ChannelMessage } from "../channels/channel-adapter.js";
import { createInMemoryChannelState } from "../channels/delivery/channel-state.js";
import type { ChannelJob } from "../channels/processing/channel-job.js";
import { claimAndEnqueue, type ClaimContext } from "./claim-and-enqueue.js";

const message: ChannelMessage = {
  platformMessageId: "wamid-7001",
  conversationId: "wa-15550001",
  customerId: "wa-15550001",
  text: "Where is my parcel?",
  replyTo: { to: "15550001" },
};

function context(state: ClaimContext["state"], queued: ChannelJob[]): ClaimContext {
  return {
    tenantId: "acme",
    channel: "whatsapp",
    correlationId: "corr-7001",
    receivedAt: "2026-11-24T10:00:00.000Z",
    ttlSeconds: 3600,
    state,
    queue: { sendBatch: async (jobs) => void queued.push(...jobs) },
    now: () => new Date("2026-11-24T10:00:00Z"),
  };
}

describe("claiming a webhook's messages", () => {
  it("queues a message whose SET NX the store client retried after losing the answer (own write met)", async () => {
    const inner = createInMemoryChannelState();
    // The first try wrote the key but its answer was lost; the client's retry then finds the key taken.
    const state = {
      ...inner,
      claim: async (key: string, value: string, ttlSeconds: number) => (
        await inner.claim(key, value, ttlSeconds),
        { ok: true as const, value: false }
      ),
    };
    const queued: ChannelJob[] = [];
    const result = await claimAndEnqueue({ kind: "items", messages: [message], ignored: [] }, context(state, queued));
    expect(result.ok && { queued: result.value.queued, duplicates: result.value.duplicates }).toEqual({
      queued: 1,
      duplicates: 0,
    });
    expect(queued.map((job) => job.kind === "message" && job.message.channelMessageId)).toEqual(["wamid-7001"]);
  });

  it("still counts another delivery's fresh claim as a duplicate and queues nothing", async () => {
    const state = createInMemoryChannelState();
    const queued: ChannelJob[] = [];
    const first = await claimAndEnqueue({ kind: "items", messages: [message], ignored: [] }, context(state, queued));
    const second = await claimAndEnqueue({ kind: "items", messages: [message], ignored: [] }, context(state, queued));
    expect(first.ok && first.value.queued).toBe(1);
    expect(second.ok && { queued: second.value.queued, duplicates: second.value.duplicates }).toEqual({
      queued: 0,
      duplicates: 1,
    });
    expect(queued).toHaveLength(1);
  });
});
