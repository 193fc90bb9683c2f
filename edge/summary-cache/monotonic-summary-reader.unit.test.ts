import { describe, expect, it } from "vitest";
import { withMonotonicReads } from "./monotonic-summary-reader.js";
import { sampleSummary, scriptedReader } from "./testing/summary-helpers.js";

describe("withMonotonicReads", () => {
  it("returns the newer summary already returned when the cache serves an older version", async () => {
    const inner = scriptedReader();
    const reader = withMonotonicReads(inner);
    const v5 = sampleSummary({ version: 5 });
    inner.next = v5;
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: v5 });
    inner.next = { ...v5, version: 3, counts: { ...v5.counts, messages: 0 } };
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: v5 });
    const v6 = { ...v5, version: 6 };
    inner.next = v6;
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: v6 });
  });

  it("forgets a summary the cache no longer has (erasure, TTL) but keeps its version as a floor", async () => {
    const inner = scriptedReader();
    const reader = withMonotonicReads(inner);
    const v5 = sampleSummary({ version: 5 });
    inner.next = v5;
    await reader.read(v5.tenantId, v5.customerId);
    inner.next = null;
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: null });
    inner.next = { ...v5, version: 4 };
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: null });
    const erased = {
      ...v5,
      version: 9,
      profile: { name: null, email: null, phone: null, tier: null },
      flags: { openEscalation: false, erased: true },
    };
    inner.next = erased;
    expect(await reader.read(v5.tenantId, v5.customerId)).toEqual({ ok: true, value: erased });
  });

  it("passes failures through without touching what it remembers", async () => {
    const inner = scriptedReader();
    const reader = withMonotonicReads(inner);
    const v2 = sampleSummary({ version: 2 });
    inner.next = v2;
    await reader.read(v2.tenantId, v2.customerId);
    inner.next = { code: "cache_unavailable", message: "down" };
    expect(await reader.read(v2.tenantId, v2.customerId)).toEqual({
      ok: false,
      error: { code: "cache_unavailable", message: "down" },
    });
    inner.next = { ...v2, version: 1 };
    expect(await reader.read(v2.tenantId, v2.customerId)).toEqual({ ok: true, value: v2 });
  });

  it("keeps customers apart and remembers at most maxRemembered of them", async () => {
    const inner = scriptedReader();
    const reader = withMonotonicReads(inner, { maxRemembered: 2 });
    const [a, b, c] = [sampleSummary({ version: 5 }), sampleSummary({ version: 5 }), sampleSummary({ version: 5 })];
    for (const summary of [a!, b!, c!]) {
      inner.next = summary;
      await reader.read(summary.tenantId, summary.customerId);
    }
    inner.next = { ...a!, version: 1 };
    // a was forgotten
    expect(await reader.read(a!.tenantId, a!.customerId)).toEqual({ ok: true, value: { ...a!, version: 1 } });
    inner.next = { ...c!, version: 1 };
    expect(await reader.read(c!.tenantId, c!.customerId)).toEqual({ ok: true, value: c });
  });
});
