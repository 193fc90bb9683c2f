import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundMessage } from "../test/support/inbound-message.js";
import {
  createScriptedFakeLlmProvider,
  type ScriptedFakeLlmProvider,
} from "../test/support/scripted-fake-llm-provider.js";
import { makeTempDir } from "../test/support/temp-dir.js";
import { loadConfig } from "./config.js";
import type { LlmStreamEvent } from "./llm/llm-provider.js";
import { startCentral, type CentralServer } from "./server.js";

const EDGE_TOKEN = "edge-token-0123456789abcdef";

let server: CentralServer;
let removeDir: () => Promise<void>;
let llm: ScriptedFakeLlmProvider;
const lines: string[] = [];

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  const config = loadConfig({
    CENTRAL_PORT: "0",
    FRONTDESK_DATA_DIR: dir.path,
    ADMIN_TOKEN: "admin-token-0123456789abcdef",
    EDGE_TOKEN,
  });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  // The model says one word, then waits until the caller aborts.
  llm = createScriptedFakeLlmProvider({
    script: (request) =>
      (async function* (): AsyncGenerator<LlmStreamEvent> {
        yield { type: "token", text: "Thinking" };
        await new Promise((resolve) => request.signal?.addEventListener("abort", resolve, { once: true }));
        yield { type: "error", failure: { code: "llm_aborted", message: "aborted", kind: "transient", attempts: 1 } };
      })(),
  });
  server = await startCentral(config.value, { llm, log: (line) => lines.push(line) });
});

afterAll(async () => {
  await server?.close();
  await removeDir?.();
});

describe("startCentral", () => {
  it("binds a free port for port 0 and logs the URL, database and provider, and the generated master key once", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(lines.filter((line) => line.startsWith("central listening"))).toEqual([
      `central listening on ${server.url} (database: pglite, llm: fake/fake-model)`,
    ]);
    expect(lines.filter((line) => line.includes("master key"))).toHaveLength(1);
    expect(lines.find((line) => line.includes("master key"))).toMatch(/master\.key \(mode 0600\)/);
  });

  it("answers /healthz over real HTTP", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      service: "central",
      database: "pglite",
      llm: { provider: "fake" },
    });
  });

  it("aborts the model call when the client disconnects mid-stream", async () => {
    const client = new AbortController();
    const response = await fetch(`${server.url}/v1/turns`, {
      method: "POST",
      headers: { authorization: `Bearer ${EDGE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(inboundMessage({ conversationId: "conv-abort" })),
      signal: client.signal,
    });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain("Thinking");
    client.abort();
    const signal = llm.requests[0]?.signal;
    await expect.poll(() => signal?.aborted, { timeout: 5_000 }).toBe(true);
  });

  it("stops serving after close", async () => {
    const dir = await makeTempDir();
    const config = loadConfig({
      CENTRAL_PORT: "0",
      FRONTDESK_DATA_DIR: dir.path,
      ADMIN_TOKEN: "admin-token-0123456789abcdef",
      EDGE_TOKEN,
    });
    if (!config.ok) throw new Error("bad config");
    const other = await startCentral(config.value, { llm, log: () => {} });
    expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    await other.close();
    await other.close();
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
    await dir.remove();
  });
});
