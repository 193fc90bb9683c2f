import type { CustomerSummary } from "../../../shared/customer-summary.js";
import { ok } from "../../../shared/result.js";
import type { SummaryReader, SummaryReadFailure } from "../summary-reader.js";

/** A valid summary for edge tests; ids are unique per call unless overridden. */
export function sampleSummary(overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    tenantId: `t-${crypto.randomUUID().slice(0, 8)}`,
    customerId: `c-${crypto.randomUUID().slice(0, 8)}`,
    version: 1,
    profile: { name: "Zoë Ñandú", email: "zoe@example.test", phone: null, tier: "gold" },
    openConversations: ["conv-1"],
    lastIntents: [{ intent: "order_status", confidence: 0.9, at: "2026-11-23T10:00:00.000Z" }],
    lastAction: null,
    counts: { messages: 2, refunds: 0, approvals: 0 },
    flags: { openEscalation: false, erased: false },
    lastMessageAt: "2026-11-23T10:00:00.000Z",
    updatedAt: "2026-11-23T10:00:00.000Z",
    ...overrides,
  };
}

/** A reader answering whatever the test puts in `next` (a summary, null, or a failure). */
export function scriptedReader(): SummaryReader & { next: CustomerSummary | null | SummaryReadFailure; calls: number } {
  const reader = {
    next: null as CustomerSummary | null | SummaryReadFailure,
    calls: 0,
    async read() {
      reader.calls += 1;
      const next = reader.next;
      if (next !== null && "code" in next) return { ok: false as const, error: next };
      return ok(next);
    },
  };
  return reader;
}
