import { describe, expect, it } from "vitest";
import { problemDetailsSchema } from "../shared/problem-details.js";
import { channelHarness } from "./channels/testing/channel-test-kit.js";

const TIMEOUT_MS = 150;
/** Every kind of route a body can be sent to: chat, webhooks (configured tenant or not), 405s and 404s. */
const PATHS = [
  "/v1/chat",
  "/v1/webhooks/whatsapp/acme",
  "/v1/webhooks/telegram/initech",
  "/v1/webhooks/fax/acme",
  "/healthz",
  "/",
  "/no/such/path",
];

/** A body that sends ten bytes and then nothing, never ending. */
function stalledBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(new TextEncoder().encode('{"text":"h')),
    pull: () => new Promise<void>(() => undefined),
  });
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const kit = channelHarness({ bodyReadTimeoutMs: TIMEOUT_MS });
  return {
    kit,
    response: kit.app.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
    }),
  };
}

describe.each(PATHS)("POST %s with a hostile body", (path) => {
  it("answers 413 at once to a declared Content-Length above the limit, whatever the body does", async () => {
    const started = Date.now();
    const { kit, response } = post(path, stalledBody(), { "Content-Length": "10000000000" });
    const res = await response;
    expect(res.status).toBe(413);
    expect(problemDetailsSchema.parse(await res.json()).code).toBe("payload_too_large");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect([kit.queued, kit.central.received]).toEqual([[], []]);
  });

  it("answers 408 request_timeout to a body that stalls, after the configured time", async () => {
    const started = Date.now();
    const { kit, response } = post(path, stalledBody(), { "Content-Length": "100" });
    const res = await response;
    expect(res.status).toBe(408);
    expect(problemDetailsSchema.parse(await res.json())).toMatchObject({ code: "request_timeout", instance: path });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 3000);
    expect([kit.queued, kit.central.received]).toEqual([[], []]);
  });
});
