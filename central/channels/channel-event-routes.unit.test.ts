import { describe, expect, it } from "vitest";
import type { ChannelOutcome } from "../../shared/channels/channel-outcome.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { channelEventRoutes } from "./channel-event-routes.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";

function setup() {
  const eventStore = createInMemoryEventStore();
  const app = routeTestApp(channelEventRoutes({ edgeToken: EDGE_TOKEN, eventStore }));
  const post = (body: unknown, token = EDGE_TOKEN) =>
    app.request("/v1/channel-events", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  return { eventStore, post };
}

const delivered: ChannelOutcome = {
  type: "channel.reply_delivered",
  tenantId: "acme",
  correlationId: "corr-1",
  outcomeId: "reply:telegram:42_7",
  data: {
    customerId: "tg-42",
    conversationId: "tg-42",
    channel: "telegram",
    channelMessageId: "42_7",
    platformReplyId: "8",
    attempts: 2,
  },
};

describe("POST /v1/channel-events", () => {
  it("records a delivered reply in the conversation's stream, once however often it is reported", async () => {
    const { eventStore, post } = setup();
    const first = await post(delivered);
    expect(first.status).toBe(201);
    const again = await post(delivered);
    expect(again.status).toBe(200);
    const [a, b] = [
      (await first.json()) as { eventId: string },
      (await again.json()) as { eventId: string; duplicate: boolean },
    ];
    expect(b).toEqual({ eventId: a.eventId, duplicate: true });
    const stream = await eventStore.readStream("conversation:acme:tg-42");
    expect(
      stream.ok && stream.value.map((event) => [event.type, event.data.attempts, event.metadata.actor.kind]),
    ).toEqual([["channel.reply_delivered", 2, "edge"]]);
  });

  it("records an ignored webhook item in the channel's stream", async () => {
    const { eventStore, post } = setup();
    const response = await post({
      type: "channel.webhook_ignored",
      tenantId: "acme",
      correlationId: "corr-2",
      outcomeId: "ignored:whatsapp:wamid.X:status_callback:statuses",
      data: {
        customerId: null,
        channel: "whatsapp",
        reason: "status_callback",
        kind: "statuses",
        platformId: "wamid.X",
      },
    });
    expect(response.status).toBe(201);
    const stream = await eventStore.readStream("channel:acme:whatsapp");
    expect(stream.ok && stream.value.map((event) => event.data.reason)).toEqual(["status_callback"]);
  });

  it("refuses a caller without the edge token and an outcome that breaks the contract", async () => {
    const { eventStore, post } = setup();
    expect((await post(delivered, "wrong-token-0123456789")).status).toBe(401);
    const invalid = await post({ ...delivered, data: { ...delivered.data, attempts: 0 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "validation_failed" });
    expect(await eventStore.readAll()).toEqual([]);
  });
});
