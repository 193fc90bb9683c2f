import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { erasureRequestSchema } from "../../shared/admin-api.js";
import { approvalsResponseSchema } from "../../shared/approvals-api.js";
import { channelOutcomeSchema, channelOutcomeRecordedSchema } from "../../shared/channels/channel-outcome.js";
import { idSchema } from "../../shared/ids.js";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { validatePolicyDocument } from "../../shared/policy/policy-document.js";
import {
  isStorableText,
  normaliseJsonText,
  normaliseText,
  unstorableTextIssues,
} from "../../shared/text/storable-text.js";
import { inboundMessage } from "../../test/support/inbound-message.js";
import type { TestDatabaseHandle } from "../../test/support/test-database.js";
import { anyJson, anyText, pathSegment } from "../../test/support/unicode-arbitraries.js";
import { testPolicy } from "../policy/testing/policy-documents.js";
import { createCentralHarness, REFUND_ASK } from "./testing/central-harness.js";

/** Refusals that are recorded on purpose: a human approval the active policy now denies is logged as a denial. */
const RECORDED_REFUSALS = new Set(["policy_now_denies"]);
const RUNS = { numRuns: 20 };
const ADMIN = "/v1/admin/tenants/acme";

/**
 * Property tests of every JSON entry point of central (turns, channel events, every admin route with a body or a path
 * parameter) with full-Unicode text, NUL and lone surrogates included: never a 5xx, and a refused request writes
 * nothing (events and customer keys counted before and after).
 */
export function describeEntryPointProperties(name: string, handle: TestDatabaseHandle): void {
  describe(`central's JSON entry points on ${name}, given any text`, () => {
    let central: ReturnType<typeof createCentralHarness>;
    let pending: string[] = [];
    let counter = 0;
    let nextVersion = 2;

    /** Sends a request; asserts no 5xx, and that a refusal left the log and the key store as they were. */
    async function send(method: string, path: string, body?: unknown) {
      const before = await central.written();
      const response = await central.request(method, path, body);
      const text = await response.text();
      expect(response.status, `${method} ${path} answered ${text}`).toBeLessThan(500);
      expect(text).not.toContain("internal_error");
      const refused = response.status >= 400 && ![...RECORDED_REFUSALS].some((code) => text.includes(`"${code}"`));
      if (refused) expect(await central.written(), `${method} ${path} refused but wrote`).toEqual(before);
      return { status: response.status, text };
    }

    beforeAll(async () => {
      central = createCentralHarness(handle.database);
      const policy = testPolicy("acme", 1, { actions: { refund: { approval: "one_human", maxAmountMinor: 100_000 } } });
      expect((await send("POST", `${ADMIN}/policies`, { document: policy })).status).toBe(201);
      expect((await send("POST", `${ADMIN}/policies/1/activate`, { reason: "launch" })).status).toBe(200);
      for (let turn = 1; turn <= 4; turn++) {
        const message = inboundMessage({
          conversationId: `conv-ask-${turn}`,
          customerId: "cust-asks",
          channelMessageId: `m-ask-${turn}`,
          text: `${REFUND_ASK} ${turn}`,
          // The merchant vouched for this web customer: only verified customers' orders and money can be acted on.
          customerVerified: true,
        });
        expect((await send("POST", "/v1/turns", message)).text).toContain("event: done");
      }
      const listed = approvalsResponseSchema.parse(JSON.parse((await send("GET", `${ADMIN}/approvals`)).text));
      pending = listed.approvals.map((approval) => approval.actionId);
      expect(pending).toHaveLength(4);
    });

    it("refuses the black-box run's reproductions with 400 and writes nothing", async () => {
      const nul = "why\u0000";
      for (const [path, body] of [
        [`${ADMIN}/customers/cust-asks/erasure`, { reason: nul }],
        [`${ADMIN}/customers/cust-asks/erasure`, { reason: "ok", requestedBy: nul }],
        ["/v1/admin/tenants/nosuch/customers/%2B%3D-._/erasure", { reason: "\ud800" }],
        [`${ADMIN}/policies`, { document: testPolicy("acme", 90, { description: nul }) }],
        [`${ADMIN}/policies/1/activate`, { reason: nul }],
        [`${ADMIN}/policies/rollback`, { reason: nul }],
        [`${ADMIN}/approvals/${pending[0]}/reject`, { reason: nul }],
      ] as const)
        expect((await send("POST", path, body)).status, path).toBe(400);
    });

    it("POST /v1/turns: records storable text, refuses the rest", async () => {
      await fc.assert(
        fc.asyncProperty(anyText(60), fc.option(anyText(12)), async (text, conversation) => {
          const n = ++counter;
          const message = inboundMessage({
            conversationId: conversation ?? `conv-p-${n}`,
            customerId: `cust-p-${n}`,
            channelMessageId: `m-p-${n}`,
            text,
          });
          const valid = inboundMessageSchema.safeParse(message).success;
          const { status, text: body } = await send("POST", "/v1/turns", message);
          expect(status).toBe(valid ? 200 : 400);
          if (valid) expect(body).toContain("event: done");
        }),
        { numRuns: 12 },
      );
    });

    it("POST /v1/channel-events: records platform text normalised, refuses only what breaks the contract", async () => {
      await fc.assert(
        fc.asyncProperty(anyText(70), fc.option(anyText(40)), anyText(20), async (kind, platformId, detail) => {
          const outcome = {
            type: "channel.webhook_ignored",
            tenantId: "acme",
            correlationId: "corr-ce",
            outcomeId: `ignored:${++counter}:${detail}`,
            data: { customerId: null, channel: "whatsapp", reason: "non_text_message", kind, platformId },
          };
          const valid = channelOutcomeSchema.safeParse(normaliseJsonText(outcome)).success;
          const { status, text } = await send("POST", "/v1/channel-events", outcome);
          expect(status).toBe(valid ? 201 : 400);
          if (!valid) return;
          const event = await central.eventStore.readEvent(
            channelOutcomeRecordedSchema.parse(JSON.parse(text)).eventId,
          );
          expect(event?.data).toMatchObject({
            kind: normaliseText(kind),
            platformId: platformId && normaliseText(platformId),
          });
        }),
        RUNS,
      );
    });

    it("POST …/customers/:customerId/erasure: erases for a valid request, else changes nothing", async () => {
      const customers = fc.oneof(fc.constantFrom("cust-asks", "+=-._", "c%2F1"), anyText(12));
      await fc.assert(
        fc.asyncProperty(customers, anyText(40), fc.option(anyText(20)), async (customer, reason, requestedBy) => {
          const body = requestedBy === null ? { reason } : { reason, requestedBy };
          const valid = idSchema.safeParse(customer).success && erasureRequestSchema.safeParse(body).success;
          const { status } = await send("POST", `${ADMIN}/customers/${pathSegment(customer)}/erasure`, body);
          if (valid) expect(status).toBe(200);
          else expect([400, 404]).toContain(status);
        }),
        RUNS,
      );
    });

    it("POST …/approvals/:actionId/approve|reject: decides with a storable reason, else changes nothing", async () => {
      const actions = fc.oneof(fc.constantFrom(...pending), anyText(16));
      await fc.assert(
        fc.asyncProperty(actions, anyText(60), fc.constantFrom("approve", "reject"), async (actionId, reason, how) => {
          const { status } = await send("POST", `${ADMIN}/approvals/${pathSegment(actionId)}/${how}`, { reason });
          if (!isStorableText(reason) || !isStorableText(actionId)) expect([400, 404]).toContain(status);
        }),
        RUNS,
      );
    });

    it("POST …/policies: pushes a storable document, refuses the rest (400 for unstorable text)", async () => {
      await fc.assert(
        fc.asyncProperty(anyText(40), anyText(30), anyText(30), async (description, ruleText, answer) => {
          const version = nextVersion++;
          const document = testPolicy("acme", version, {
            description,
            rules: [{ id: "r1", description: ruleText, appliesTo: ["refund"], when: [], then: "one_human" }],
            edge: { answers: { greeting: answer }, handoffIntents: [] },
          });
          const storable = unstorableTextIssues(document).length === 0;
          const expected = !storable ? 400 : validatePolicyDocument(document).ok ? 201 : 422;
          expect((await send("POST", `${ADMIN}/policies`, { document })).status).toBe(expected);
          if (expected !== 201) return;
          const stored = JSON.parse((await send("GET", `${ADMIN}/policies/${version}`)).text) as {
            description: unknown;
          };
          expect(stored.description).toBe(description);
        }),
        RUNS,
      );
    });

    it("POST …/policies/:version/activate and …/rollback: a reason the database cannot store is a 400", async () => {
      const versions = fc.oneof(fc.constantFrom("1", "2", "3", "999"), anyText(6));
      await fc.assert(
        fc.asyncProperty(versions, fc.option(anyText(40)), fc.boolean(), async (version, reason, rollback) => {
          const body = reason === null ? {} : { reason };
          const path = rollback ? `${ADMIN}/policies/rollback` : `${ADMIN}/policies/${pathSegment(version)}/activate`;
          const { status } = await send("POST", path, body);
          if (reason !== null && !isStorableText(reason)) expect([400, 404]).toContain(status);
        }),
        RUNS,
      );
    });

    it("POST …/policies/audit: reads only, whatever the body", async () => {
      await fc.assert(
        fc.asyncProperty(anyText(40), fc.option(fc.integer({ min: -1, max: 5 })), async (description, version) => {
          const body = version === null ? { document: testPolicy("acme", 50, { description }) } : { version };
          const before = await central.written();
          await send("POST", `${ADMIN}/policies/audit`, body);
          expect(await central.written()).toEqual(before);
        }),
        RUNS,
      );
    });

    it("answers any JSON body on any of them, with any tenant in the path, without a 5xx", async () => {
      const routes = [
        "/v1/turns",
        "/v1/channel-events",
        "/v1/admin/tenants/T/customers/cust-x/erasure",
        "/v1/admin/tenants/T/policies",
        "/v1/admin/tenants/T/policies/1/activate",
        "/v1/admin/tenants/T/policies/rollback",
        "/v1/admin/tenants/T/policies/audit",
        "/v1/admin/tenants/T/approvals/a-1/approve",
        "/v1/admin/tenants/T/approvals/a-1/reject",
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), anyJson(), anyText(10), async (route, body, tenant) => {
          await send("POST", route.replace("/T/", `/${pathSegment(tenant) || "acme"}/`), body);
        }),
        { numRuns: 40 },
      );
    });
  });
}
