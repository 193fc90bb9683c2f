import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalDecisionResponseSchema, approvalsResponseSchema } from "../../shared/approvals-api.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { loadConfig } from "../config.js";
import { startCentral, type CentralServer } from "../server.js";

// The whole path on a running central with the offline provider (its offline proposer) and PGlite, over HTTP only:
// push and activate a policy, a customer asks, the proposal waits for approval, an admin approves, the fake executor
// performs it once and the customer is told in the conversation.

const EDGE = "edge-token-0123456789abcdef";
const ADMIN = "admin-token-0123456789abcdef";
let server: CentralServer;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  const config = loadConfig({
    CENTRAL_PORT: "0",
    FRONTDESK_DATA_DIR: dir.path,
    ADMIN_TOKEN: ADMIN,
    EDGE_TOKEN: EDGE,
    OFFLINE_TOKEN_DELAY_MS: "0",
  });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  server = await startCentral(config.value, { log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await removeDir?.();
});

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/v1/admin/tenants/acme${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function turn(text: string, channelMessageId: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/turns`, {
    method: "POST",
    headers: { authorization: `Bearer ${EDGE}`, "content-type": "application/json" },
    body: JSON.stringify(
      inboundMessage({ conversationId: "conv-srv", text, channelMessageId, customerVerified: true }),
    ),
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe("actions on a running central (offline proposer, PGlite)", () => {
  it("proposes, queues, approves over the admin API, executes once and tells the customer", async () => {
    const document = {
      ...(JSON.parse(
        readFileSync(new URL("../../shared/policy/examples/default-policy.json", import.meta.url), "utf8"),
      ) as object),
      tenantId: "acme",
    };
    expect((await admin("POST", "/policies", { document })).status).toBe(201);
    expect((await admin("POST", "/policies/1/activate", { reason: "test" })).status).toBe(200);

    expect(await turn("Could I get store credit of €40 instead?", "srv-1")).toContain("event: done");

    const listed = approvalsResponseSchema.parse((await admin("GET", "/approvals")).body);
    expect(listed.approvals).toMatchObject([
      {
        type: "store_credit",
        amountMinor: 4000,
        currency: "EUR",
        approval: "one_human",
        ruleIds: ["store_credit.approval"],
        policyVersion: 1,
        modelVersion: "offline-proposer-1",
      },
    ]);
    const actionId = listed.approvals[0]?.actionId ?? "";

    const approved = await admin("POST", `/approvals/${actionId}/approve`, { reason: "loyal customer" });
    expect(approved.status).toBe(200);
    expect(approvalDecisionResponseSchema.parse(approved.body)).toMatchObject({
      outcome: "approved",
      executed: true,
      decidedBy: "admin",
    });
    const replayed = await admin("POST", `/approvals/${actionId}/approve`, { reason: "loyal customer" });
    expect(replayed).toMatchObject({ status: 409, body: { code: "approval_not_pending" } });

    const events = (await admin("GET", "/conversations/conv-srv/events")).body as {
      events: { type: string; data: { text?: string; provider?: string } }[];
    };
    const notices = events.events
      .filter((event) => event.type === "reply.sent" && event.data.provider === "frontdesk-actions")
      .map((event) => event.data.text);
    expect(notices).toEqual([
      expect.stringMatching(/passed your store credit of 40\.00 EUR to a colleague/),
      expect.stringMatching(
        new RegExp(
          String.raw`^Good news: your store credit of 40\.00 EUR was approved and has been processed ` +
            String.raw`\(reference fake-store_credit-1\)`,
        ),
      ),
    ]);
  });

  it("audits the recorded proposal with the model's reason decrypted (the index reads the raw log)", async () => {
    const document = JSON.parse(
      readFileSync(new URL("../../shared/policy/examples/default-policy.json", import.meta.url), "utf8"),
    ) as { actions: Record<string, unknown> };
    const stricter = {
      ...document,
      tenantId: "acme",
      version: 2,
      actions: { ...document.actions, store_credit: { approval: "two_humans", maxAmountMinor: 20000 } },
    };
    const audited = await admin("POST", "/policies/audit", { document: stricter });
    expect(audited.status).toBe(200);
    const { differences } = audited.body as { differences: { proposal: { type: string; reason: string } }[] };
    expect(differences).toHaveLength(1);
    expect(differences[0]?.proposal).toMatchObject({ type: "store_credit", reason: expect.any(String) });
    expect(differences[0]?.proposal.reason).not.toMatch(/^enc:/);
    expect(differences[0]?.proposal.reason).not.toBe("(no reason recorded)");
  });
});
