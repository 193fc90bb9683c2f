import { describe, expect, it } from "vitest";
import { createHttpOutcomeRecorder } from "../../edge/channels/outcomes/outcome-recorder.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { routeTestApp } from "../http/testing/route-test-app.js";
import { channelEventRoutes } from "./channel-event-routes.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";

describe("the edge's HTTP outcome recorder against central's /v1/channel-events", () => {
  const eventStore = createInMemoryEventStore();
  const app = routeTestApp(channelEventRoutes({ edgeToken: EDGE_TOKEN, eventStore }));
  const fetchCentral = async (request: Request) => app.fetch(request);
  const outcome = {
    type: "channel.reply_failed" as const,
    tenantId: "acme",
    correlationId: "corr-9",
    outcomeId: "reply:sms:SM0001",
    data: {
      customerId: "sms-+15551234567",
      conversationId: "sms-+15551234567",
      channel: "sms" as const,
      channelMessageId: "SM0001",
      reason: "platform_rejected" as const,
      detail: "HTTP 400 (21211)",
      attempts: 1,
    },
  };

  it("records an outcome once and reports the retry as a duplicate", async () => {
    const recorder = createHttpOutcomeRecorder({
      baseUrl: "http://central.test/",
      edgeToken: EDGE_TOKEN,
      timeoutMs: 1000,
      fetch: fetchCentral,
    });
    const first = await recorder.record(outcome);
    const again = await recorder.record(outcome);
    expect(first).toMatchObject({ ok: true, value: { duplicate: false } });
    expect(again).toEqual({ ok: true, value: { eventId: first.ok ? first.value.eventId : "", duplicate: true } });
    expect((await eventStore.readAll()).map((event) => [event.type, event.stream])).toEqual([
      ["channel.reply_failed", "conversation:acme:sms-+15551234567"],
    ]);
  });

  it("returns record_failed for a wrong token or an unreachable central, never throws", async () => {
    const wrongToken = createHttpOutcomeRecorder({
      baseUrl: "http://central.test",
      edgeToken: "another-token-0123456789",
      timeoutMs: 1000,
      fetch: fetchCentral,
    });
    expect(await wrongToken.record(outcome)).toMatchObject({
      ok: false,
      error: { code: "record_failed", message: "central answered 401" },
    });
    const down = createHttpOutcomeRecorder({ baseUrl: "http://127.0.0.1:9", edgeToken: EDGE_TOKEN, timeoutMs: 1000 });
    expect(await down.record(outcome)).toMatchObject({ ok: false, error: { code: "record_failed" } });
  });

  it("records a poison item (a NUL in its kind) normalised; an outcome central refuses is final", async () => {
    const recorder = createHttpOutcomeRecorder({
      baseUrl: "http://central.test",
      edgeToken: EDGE_TOKEN,
      timeoutMs: 1000,
      fetch: fetchCentral,
    });
    const sticker = {
      type: "channel.webhook_ignored" as const,
      tenantId: "acme",
      correlationId: "corr-10",
      outcomeId: "ignored:whatsapp:wamid.S:non_text_message:sticker\u0000",
      data: {
        customerId: null,
        channel: "whatsapp" as const,
        reason: "non_text_message" as const,
        kind: "sticker\u0000",
        platformId: "wamid.S",
      },
    };
    expect(await recorder.record(sticker)).toMatchObject({ ok: true, value: { duplicate: false } });
    expect(await recorder.record(sticker)).toMatchObject({ ok: true, value: { duplicate: true } });
    const broken = { ...outcome, outcomeId: "reply:sms:SM0002", data: { ...outcome.data, attempts: -1 } };
    expect(await recorder.record(broken)).toMatchObject({
      ok: false,
      error: { code: "record_refused", message: "central answered 400" },
    });
  });
});
