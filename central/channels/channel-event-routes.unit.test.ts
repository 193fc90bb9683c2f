import { describe, expect, it } from "vitest";
import type { ChannelOutcome } from "../../shared/channels/channel-outcome.js";
import { err } from "../../shared/result.js";
import type { EventStore } from "../event-store/event-store.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { channelEventRoutes } from "./channel-event-routes.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";

function setup(eventStore: EventStore = createInMemoryEventStore()) {
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

  it("records platform text the database cannot store with U+FFFD in its place: 201, not 500", async () => {
    const { eventStore, post } = setup();
    const sticker = {
      type: "channel.webhook_ignored",
      tenantId: "acme",
      correlationId: "corr-3",
      outcomeId: "ignored:whatsapp:wamid.S\u0000:non_text_message:sticker\u0000",
      data: {
        customerId: "wa-15551234567",
        channel: "whatsapp",
        reason: "non_text_message",
        kind: "sticker\u0000",
        platformId: "wamid.S\ud800",
      },
    };
    const first = await post(sticker);
    expect(first.status).toBe(201);
    expect((await post(sticker)).status).toBe(200);
    const { platformReplyId: _unused, ...ref } = delivered.data;
    const reply = await post({
      ...delivered,
      type: "channel.reply_failed",
      outcomeId: "reply:telegram:42_8",
      data: { ...ref, reason: "platform_rejected", detail: "HTTP 400 \udc00\u0000", attempts: 1 },
    });
    expect(reply.status).toBe(201);
    const ignored = await eventStore.readStream("channel:acme:whatsapp");
    expect(ignored.ok && ignored.value.map((event) => [event.data.kind, event.data.platformId])).toEqual([
      ["sticker\ufffd", "wamid.S\ufffd"],
    ]);
    const conversation = await eventStore.readStream("conversation:acme:tg-42");
    expect(conversation.ok && conversation.value.map((event) => event.data.detail)).toEqual(["HTTP 400 \ufffd\ufffd"]);
  });

  it("answers an outcome the log still refuses with a final 400 naming the problem, not a 500 to retry", async () => {
    const store = createInMemoryEventStore();
    const refusing: EventStore = {
      ...store,
      append: async (stream, events) =>
        err({
          code: "invalid_event_data",
          stream,
          eventId: events[0]?.eventId ?? "",
          type: events[0]?.type ?? "",
          issues: [{ path: "data.kind", message: "refused" }],
          message: "refused",
        }),
    };
    const { post } = setup(refusing);
    const response = await post(delivered);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_failed", issues: [{ path: "data.kind" }] });
  });
});
