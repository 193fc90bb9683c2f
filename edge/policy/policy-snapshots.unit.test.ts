import { describe, expect, it } from "vitest";
import type { PolicySnapshotCacheEntry } from "../../shared/policy-snapshot-cache.js";
import { ok } from "../../shared/result.js";
import type { PolicySnapshotReader, PolicySnapshotReadFailure } from "./policy-snapshot-reader.js";
import { createPolicySnapshots } from "./policy-snapshots.js";

function entry(sequence: number, version: number): PolicySnapshotCacheEntry {
  return {
    version: sequence,
    snapshot: {
      tenantId: "acme",
      version,
      activatedAt: "2026-11-24T02:00:00.000Z",
      routing: {
        thresholds: { answerLocally: 0.7, handoff: 0.5 },
        answers: { greeting: `v${version}` },
        handoffIntents: [],
        handoffText: "A person will take over.",
      },
    },
  };
}

type ScriptedReader = PolicySnapshotReader & {
  next: PolicySnapshotCacheEntry | null | PolicySnapshotReadFailure;
  reads: number;
};

/** A reader answering whatever the test puts in `next`, counting reads. */
function scripted(): ScriptedReader {
  const reader: ScriptedReader = {
    next: null,
    reads: 0,
    async read() {
      reader.reads += 1;
      await Promise.resolve();
      const next = reader.next;
      return next !== null && "code" in next ? { ok: false as const, error: next } : ok(next);
    },
  };
  return reader;
}

describe("edge policy snapshots", () => {
  it("reads a tenant's snapshot at most once per refresh interval, then picks up a new activation", async () => {
    let now = 0;
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 1_000, now: () => now });
    reader.next = entry(2, 1);
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    reader.next = entry(3, 2);
    now = 999;
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    expect(reader.reads).toBe(1);
    now = 1_000;
    expect((await policies.forTenant("acme"))?.version).toBe(2);
    expect(reader.reads).toBe(2);
  });

  it("reads on every message with refreshMs 0", async () => {
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 0 });
    reader.next = entry(2, 1);
    await policies.forTenant("acme");
    await policies.forTenant("acme");
    expect(reader.reads).toBe(2);
  });

  it("follows a rollback to an older policy version (a newer activation) but never an older activation", async () => {
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 0 });
    reader.next = entry(4, 2);
    expect((await policies.forTenant("acme"))?.version).toBe(2);
    reader.next = entry(5, 1); // rollback from 2 to 1
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    reader.next = entry(4, 2); // a stale replica answering the older activation
    expect((await policies.forTenant("acme"))?.version).toBe(1);
  });

  it("keeps the last snapshot when the cache fails or loses the entry; has none before any was published", async () => {
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 0 });
    expect(await policies.forTenant("acme")).toBeNull();
    reader.next = entry(2, 1);
    await policies.forTenant("acme");
    reader.next = { code: "cache_unavailable", message: "down" };
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    reader.next = null;
    expect((await policies.forTenant("acme"))?.version).toBe(1);
  });

  it("retries on the next message when an isolate's first read fails, instead of waiting for the refresh", async () => {
    let now = 0;
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 1_000, now: () => now });
    reader.next = { code: "cache_unavailable", message: "timed out" };
    expect(await policies.forTenant("acme")).toBeNull();
    reader.next = entry(2, 1);
    now = 10;
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    reader.next = { code: "cache_unavailable", message: "down" };
    now = 1_100;
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    now = 1_200;
    expect((await policies.forTenant("acme"))?.version).toBe(1);
    expect(reader.reads).toBe(3); // the failure after a success is not retried before the refresh interval
  });

  it("shares one read among concurrent messages of a tenant", async () => {
    const reader = scripted();
    const policies = createPolicySnapshots(reader, { refreshMs: 0 });
    reader.next = entry(2, 1);
    const versions = await Promise.all(Array.from({ length: 10 }, () => policies.forTenant("acme")));
    expect(versions.map((snapshot) => snapshot?.version)).toEqual(Array(10).fill(1));
    expect(reader.reads).toBe(1);
  });
});
