import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { err } from "../../shared/result.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import type { ErasureServiceDeps } from "./erasure-service.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { createErasureHarness, ERASURE_REQUEST as request } from "./testing/erasure-harness.js";

/** Where an erasure can be interrupted: a crash (a thrown error) before or after a step's effect. */
const STEPS = [
  "append_before",
  "append_after",
  "destroy_before",
  "destroy_after",
  "rebuild",
  "cache_throws",
  "cache_unavailable",
] as const;
type Step = (typeof STEPS)[number];

/** An erasure harness whose steps fail while `failing` holds them (each entry fails one call, then is used up). */
async function interruptible() {
  const harness = await createErasureHarness();
  const { eventStore, keys, deps } = harness;
  const failing: Step[] = [];
  const fails = (step: Step) => {
    const at = failing.indexOf(step);
    if (at >= 0) failing.splice(at, 1);
    return at >= 0;
  };
  const crash = (step: Step) => new Error(`injected crash at ${step}`);
  const overrides: Partial<ErasureServiceDeps> = {
    eventStore: {
      ...eventStore,
      append: async (stream, events, options) => {
        if (fails("append_before")) throw crash("append_before");
        const result = await eventStore.append(stream, events, options);
        if (fails("append_after")) throw crash("append_after");
        return result;
      },
    },
    keys: {
      ...keys,
      destroy: async (tenantId, customerId, options) => {
        if (fails("destroy_before")) throw crash("destroy_before");
        const result = await keys.destroy(tenantId, customerId, options);
        if (fails("destroy_after")) throw crash("destroy_after");
        return result;
      },
    },
    rebuildCustomer: async (tenantId, customerId) => {
      if (fails("rebuild")) throw crash("rebuild");
      await deps.rebuildCustomer(tenantId, customerId);
    },
    summaryCache: {
      ...deps.summaryCache,
      remove: async (tenantId, customerId) => {
        if (fails("cache_throws")) throw crash("cache_throws");
        if (fails("cache_unavailable")) return err({ code: "cache_unavailable", message: "injected" });
        return deps.summaryCache.remove(tenantId, customerId);
      },
    },
  };
  const service = harness.serviceWith(overrides);
  /** One call: its result, or the injected crash it ended with. */
  const attempt = () => service.erase(request).catch((error: unknown) => ({ crashed: error }));
  /** The record and the key: a key must never be gone without a recorded erasure. */
  const state = async () => {
    const erasures = (await streamEvents(eventStore, "customer:acme:c-1")).filter(
      (event) => event.type === "customer.erased",
    );
    return { erasures: erasures.length, keyGone: (await keys.get("acme", "c-1")) === null };
  };
  return { ...harness, failing, attempt, state };
}

async function expectFullyErased(harness: Awaited<ReturnType<typeof interruptible>>) {
  expect(await harness.state()).toEqual({ erasures: 1, keyGone: true });
  const conversation = await streamEvents(harness.eventStore, "conversation:acme:conv-1");
  expect(conversation[0]?.data.text).toBe(ERASED_TEXT);
  expect(harness.rebuilt.length).toBeGreaterThan(0);
  expect(harness.removed).toContain("acme/c-1");
}

describe("an erasure interrupted at any step", () => {
  const cases: [Step, { alreadyErased: boolean; keyDestroyed: boolean }, { erasures: number; keyGone: boolean }][] = [
    ["append_before", { alreadyErased: false, keyDestroyed: true }, { erasures: 0, keyGone: false }],
    ["append_after", { alreadyErased: true, keyDestroyed: true }, { erasures: 1, keyGone: false }],
    ["destroy_before", { alreadyErased: true, keyDestroyed: true }, { erasures: 1, keyGone: false }],
    ["destroy_after", { alreadyErased: true, keyDestroyed: false }, { erasures: 1, keyGone: true }],
    ["rebuild", { alreadyErased: true, keyDestroyed: false }, { erasures: 1, keyGone: true }],
    ["cache_throws", { alreadyErased: true, keyDestroyed: false }, { erasures: 1, keyGone: true }],
    ["cache_unavailable", { alreadyErased: true, keyDestroyed: false }, { erasures: 1, keyGone: true }],
  ];

  it.each(cases)("at %s leaves a recorded state that one retry finishes", async (step, report, afterFailure) => {
    const harness = await interruptible();
    harness.failing.push(step);
    const failed = await harness.attempt();
    expect("crashed" in failed || !failed.ok).toBe(true);
    expect(await harness.state()).toEqual(afterFailure);
    const retry = await harness.attempt();
    expect(retry).toMatchObject({ ok: true, value: report });
    await expectFullyErased(harness);
  });

  it("never destroys the key without a record and ends with one erasure, whatever fails how often", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...STEPS), { maxLength: 8 }), async (failures) => {
        const harness = await interruptible();
        harness.failing.push(...failures);
        let outcome = await harness.attempt();
        for (let attempts = 1; !("value" in outcome && outcome.ok); attempts++) {
          const state = await harness.state();
          expect(state.erasures).toBeLessThanOrEqual(1);
          if (state.keyGone) expect(state.erasures).toBe(1);
          expect(attempts).toBeLessThanOrEqual(failures.length + 1);
          outcome = await harness.attempt();
        }
        expect(outcome.ok && outcome.value.erasure.streamVersion).toBe(2);
        await expectFullyErased(harness);
      }),
      { numRuns: 60 },
    );
  });
});
