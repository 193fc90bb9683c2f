import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerSummary } from "../../shared/customer-summary.js";
import { err } from "../../shared/result.js";
import { intentEvent, messageEvent, replyEvent } from "../../test/support/catalog-events.js";
import { createCountingEventStore } from "../../test/support/counting-event-store.js";
import { appendMixedHistory } from "../../test/support/mixed-history.js";
import type { EventStore } from "../event-store/event-store.js";
import {
  CONVERSATION_STATE_SNAPSHOT,
  conversationStateFold,
  createConversationStateLoader,
} from "../snapshots/conversation-snapshots.js";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { PROJECTION_NAMES, rebuildNamedProjection } from "./projection-registry.js";
import { createProjectionRunner } from "./projection-runner.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { SUMMARY_PUBLISHER, SummaryPublishError } from "./summary-publisher.js";

/** What the projection contract runs on. */
export interface ProjectionsSetup {
  eventStore: EventStore;
  storage: ProjectionStorage;
  snapshots: SnapshotStore;
}

/** A cache that can be switched off, as an outage would. */
function flakyCache(): { cache: SummaryCache; inner: SummaryCache; setDown(down: boolean): void } {
  const inner = createInMemorySummaryCache();
  let down = false;
  const outage = () => err({ code: "cache_unavailable" as const, message: "connect ECONNREFUSED 127.0.0.1:8079" });
  return {
    inner,
    setDown: (value) => (down = value),
    cache: {
      publish: async (summary) => (down ? outage() : inner.publish(summary)),
      read: async (tenantId, customerId) => (down ? outage() : inner.read(tenantId, customerId)),
      remove: async (tenantId, customerId) => (down ? outage() : inner.remove(tenantId, customerId)),
    },
  };
}

/** Projections end to end on one event store and storage: live equals rebuild, exactly once, publishing, snapshots. */
export function describeProjectionsContract(name: string, setup: () => ProjectionsSetup): void {
  describe(`projections: ${name}`, () => {
    const runner = (options: { cache?: SummaryCache; batchSize?: number; snapshotEvery?: number } = {}) => {
      const { eventStore, storage, snapshots } = setup();
      return createProjectionRunner({
        eventStore,
        storage,
        summaryCache: options.cache ?? createInMemorySummaryCache(),
        snapshots: { store: snapshots, every: options.snapshotEvery ?? 100 },
        pollMs: 10,
        batchSize: options.batchSize ?? 7,
        log: () => {},
      });
    };
    const tables = async () => {
      const { storage } = setup();
      return Promise.all(
        PROJECTION_NAMES.map(async (projection) => ({
          projection,
          rows: await storage.table(projection).list(),
          position: await storage.checkpoints.load(projection),
        })),
      );
    };

    it("rebuilds exactly what the live projections hold after a mixed history (same rows, same versions)", async () => {
      const { eventStore, storage } = setup();
      const live = runner({ batchSize: 7 });
      for (let round = 0; round < 4; round++) {
        await appendMixedHistory(eventStore, { seed: 11 + round, events: 60, prefix: `live-${round}` });
        await live.catchUp();
      }
      const before = await tables();
      expect(before.every((table) => table.rows.length > 0 && table.position === before[0]?.position)).toBe(true);
      for (const projection of PROJECTION_NAMES) {
        const result = await rebuildNamedProjection(projection, { eventStore, storage, batchSize: 50 });
        expect(result.position).toBe(before[0]?.position);
      }
      expect(await tables()).toEqual(before);
    });

    it("applies every event exactly once when two runners race over the same projections", async () => {
      const { eventStore, storage } = setup();
      await appendMixedHistory(eventStore, { seed: 99, events: 120, prefix: `race-${randomUUID().slice(0, 8)}` });
      await Promise.all([runner({ batchSize: 5 }).catchUp(), runner({ batchSize: 3 }).catchUp()]);
      const live = await tables();
      for (const projection of PROJECTION_NAMES) await rebuildNamedProjection(projection, { eventStore, storage });
      expect(await tables()).toEqual(live);
    });

    it("keeps processing the log during a cache outage, publishing every changed summary once it is back", async () => {
      const { eventStore, storage } = setup();
      await storage.checkpoints.reset(SUMMARY_PUBLISHER, 0);
      const { cache, inner, setDown } = flakyCache();
      const projections = runner({ cache });
      const customer = `pub-${randomUUID().slice(0, 8)}`;
      await eventStore.append(
        `conversation:acme:${customer}-conv`,
        [messageEvent({ customerId: customer, conversationId: `${customer}-conv` })],
        { expectedVersion: "any" },
      );
      await projections.catchUp();
      await projections.publishPending();
      expect((await inner.read("acme", customer)).ok && (await inner.read("acme", customer))).toMatchObject({
        value: { counts: { messages: 1 } },
      });

      setDown(true);
      await eventStore.append(
        `conversation:acme:${customer}-conv`,
        [messageEvent({ customerId: customer, conversationId: `${customer}-conv` })],
        { expectedVersion: "any" },
      );
      await projections.catchUp();
      const [summary] = (await storage.table("customer-summary").load([{ tenantId: "acme", id: customer }])).values();
      expect(summary).toMatchObject({ counts: { messages: 2 } });
      await expect(projections.publishPending()).rejects.toBeInstanceOf(SummaryPublishError);

      setDown(false);
      await projections.publishPending();
      const cached = await inner.read("acme", customer);
      expect(cached.ok && cached.value).toMatchObject({
        counts: { messages: 2 },
        version: (summary as CustomerSummary).version,
      });
      for (const row of await storage.table("customer-summary").list()) {
        const entry = await inner.read(row.key.tenantId, row.key.id);
        expect(entry.ok && entry.value?.version).toBe(row.version);
      }
    });

    it("loads a 10,000-event conversation through its snapshot, reading only the events after it", async () => {
      const { eventStore, snapshots } = setup();
      const conversationId = `long-${randomUUID().slice(0, 8)}`;
      const stream = `conversation:acme:${conversationId}`;
      const ids = { conversationId, customerId: "cust-long" };
      const turn = (n: number) =>
        n % 10 === 9 ? intentEvent({ ...ids, intent: `i-${n}` }) : n % 2 === 0 ? messageEvent(ids) : replyEvent(ids);
      for (let start = 0; start < 10_000; start += 1000) {
        const result = await eventStore.append(
          stream,
          Array.from({ length: 1000 }, (_, i) => turn(start + i)),
          { expectedVersion: start },
        );
        expect(result.ok).toBe(true);
      }
      await runner({ batchSize: 1000, snapshotEvery: 100 }).catchUp();
      expect((await snapshots.load(stream, CONVERSATION_STATE_SNAPSHOT))?.version).toBe(10_000);
      await eventStore.append(
        stream,
        Array.from({ length: 37 }, (_, i) => turn(10_000 + i)),
        { expectedVersion: 10_000 },
      );

      const counting = createCountingEventStore(eventStore);
      const loaded = await createConversationStateLoader({ eventStore: counting, snapshots, snapshotEvery: 100 }).load(
        "acme",
        conversationId,
      );
      expect(
        loaded.ok && {
          version: loaded.value.version,
          snapshotVersion: loaded.value.snapshotVersion,
          eventsRead: loaded.value.eventsRead,
        },
      ).toEqual({
        version: 10_037,
        snapshotVersion: 10_000,
        eventsRead: 37,
      });
      expect(counting.eventsRead()).toBe(37);

      const all = await eventStore.readStream(stream);
      const scratch = all.ok
        ? all.value.reduce(conversationStateFold.evolve, conversationStateFold.initialState(stream))
        : null;
      expect(loaded.ok && loaded.value.state).toEqual(scratch);
      expect(scratch).toMatchObject({ messageCount: 9_034, status: "open" });
    });
  });
}
