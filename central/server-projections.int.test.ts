import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerSummarySchema } from "../shared/customer-summary.js";
import { inboundMessage } from "../test/support/inbound-message.js";
import { createScriptedFakeLlmProvider, fakeReply } from "../test/support/scripted-fake-llm-provider.js";
import { makeTempDir } from "../test/support/temp-dir.js";
import { loadConfig, type CentralConfig } from "./config.js";
import { startCentral, type CentralServer } from "./server.js";
import { createInMemorySummaryCache } from "./summary-cache/in-memory-summary-cache.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";

let server: CentralServer;
let config: CentralConfig;
let removeDir: () => Promise<void>;
const cache = createInMemorySummaryCache();
const lines: string[] = [];

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  const loaded = loadConfig({
    CENTRAL_PORT: "0",
    FRONTDESK_DATA_DIR: dir.path,
    ADMIN_TOKEN: "admin-token-0123456789abcdef",
    EDGE_TOKEN,
    PROJECTION_POLL_MS: "20",
  });
  if (!loaded.ok) throw new Error(loaded.error.problems.join("; "));
  config = loaded.value;
  // Replies "On its way." and proposes no action when asked for structured proposals after the reply.
  const llm = createScriptedFakeLlmProvider({
    script: (request) => fakeReply(request.responseFormat ? '{"proposals":[]}' : "On its way."),
  });
  server = await startCentral(config, { llm, summaryCache: cache, log: (line) => lines.push(line) });
});

afterAll(async () => {
  await server?.close();
  await removeDir?.();
});

describe("central runs its projections in-process", () => {
  it("projects a turn into the customer summary and publishes it to the edge cache", async () => {
    const response = await fetch(`${server.url}/v1/turns`, {
      method: "POST",
      headers: { authorization: `Bearer ${EDGE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(inboundMessage({ customerId: "cust-live", conversationId: "conv-live" })),
    });
    await response.text();
    await expect
      .poll(
        async () => {
          const cached = await cache.read("acme", "cust-live");
          return cached.ok ? cached.value : null;
        },
        { timeout: 5_000 },
      )
      .toMatchObject({ counts: { messages: 1 }, openConversations: ["conv-live"], version: 2 });
    const cached = await cache.read("acme", "cust-live");
    expect(() => customerSummarySchema.parse(cached.ok && cached.value)).not.toThrow();
  });

  it("refuses a second process-local opener of the same PGlite folder with a clear message", async () => {
    await expect(startCentral(config, { summaryCache: cache, log: () => {} })).rejects.toThrow(
      /in use by process \d+.*one process at a time/,
    );
  });

  it("stops the projections on close", async () => {
    await server.close();
    expect(lines.filter((line) => /failed|error/i.test(line))).toEqual([]);
  });
});
