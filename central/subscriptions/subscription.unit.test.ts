import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import { messageEvent } from "../../test/support/catalog-events.js";
import type { EventStore } from "../event-store/event-store.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { createInMemoryCheckpointStore } from "./in-memory-checkpoint-store.js";
import { backoffDelay, createPollingLoop, type LoopFailure } from "./polling-loop.js";
import { createCheckpointedSubscriber, createSubscription, type Subscriber } from "./subscription.js";

async function storeWith(count: number): Promise<EventStore> {
  const store = createInMemoryEventStore();
  for (let i = 0; i < count; i++)
    await store.append(`conversation:acme:c-${i % 3}`, [messageEvent({ conversationId: `c-${i % 3}` })], {
      expectedVersion: "any",
    });
  return store;
}

/** A subscriber recording the positions it handled, through a checkpoint store that survives "restarts". */
function recorder(
  checkpoints = createInMemoryCheckpointStore(),
  fail: (event: EventEnvelope, attempt: number) => boolean = () => false,
) {
  const handled: number[] = [];
  const attempts = new Map<number, number>();
  const subscriber = createCheckpointedSubscriber({
    name: "recorder",
    checkpoints,
    async handle(events) {
      for (const event of events) {
        const attempt = (attempts.get(event.globalPosition) ?? 0) + 1;
        attempts.set(event.globalPosition, attempt);
        if (fail(event, attempt)) throw new Error(`handler failed on ${event.globalPosition} (attempt ${attempt})`);
      }
      handled.push(...events.map((event) => event.globalPosition));
    },
  });
  return { subscriber, handled, checkpoints };
}

describe("subscription", () => {
  it("applies the log in batches of batchSize, in order, up to its end", async () => {
    const eventStore = await storeWith(7);
    const { subscriber, handled, checkpoints } = recorder();
    const batches: number[] = [];
    const counting: Subscriber = {
      ...subscriber,
      apply: (events, from) => (batches.push(events.length), subscriber.apply(events, from)),
    };
    await createSubscription({ eventStore, subscriber: counting, batchSize: 3, pollMs: 10 }).catchUp();
    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches).toEqual([3, 3, 1]);
    expect(await checkpoints.load("recorder")).toBe(7);
  });

  it("resumes from its checkpoint after a restart", async () => {
    const eventStore = await storeWith(4);
    const first = recorder();
    await createSubscription({ eventStore, subscriber: first.subscriber, batchSize: 10, pollMs: 10 }).catchUp();
    await eventStore.append("conversation:acme:c-9", [messageEvent(), messageEvent()], {
      expectedVersion: "no_stream",
    });

    const restarted = recorder(first.checkpoints);
    await createSubscription({ eventStore, subscriber: restarted.subscriber, batchSize: 10, pollMs: 10 }).catchUp();
    expect(restarted.handled).toEqual([5, 6]);
  });

  it("retries a failing batch with backoff, reports every failure and never skips it", async () => {
    const eventStore = await storeWith(5);
    const { subscriber, handled } = recorder(undefined, (event, attempt) => event.globalPosition === 3 && attempt <= 3);
    const failures: LoopFailure[] = [];
    const recovered: number[] = [];
    const subscription = createSubscription({
      eventStore,
      subscriber,
      batchSize: 2,
      pollMs: 5,
      backoff: { initialMs: 5, maxMs: 20 },
      onError: (failure) => failures.push(failure),
      onRecovered: (_name, attempts) => recovered.push(attempts),
    });
    subscription.start();
    await expect.poll(() => handled.length, { timeout: 2_000 }).toBe(5);
    await subscription.stop();
    expect(handled).toEqual([1, 2, 3, 4, 5]);
    expect(failures.map((failure) => [failure.name, failure.attempt, failure.retryInMs])).toEqual([
      ["recorder", 1, 5],
      ["recorder", 2, 10],
      ["recorder", 3, 20],
    ]);
    expect(String(failures[0]?.error)).toMatch(/failed on 3/);
    expect(recovered).toEqual([3]);
  });

  it("picks up new events while running and stops cleanly, twice", async () => {
    const eventStore = await storeWith(1);
    const { subscriber, handled } = recorder();
    const subscription = createSubscription({ eventStore, subscriber, batchSize: 10, pollMs: 10 });
    subscription.start();
    await expect.poll(() => handled).toEqual([1]);
    await eventStore.append("conversation:acme:c-1", [messageEvent()], { expectedVersion: "any" });
    await expect.poll(() => handled).toEqual([1, 2]);
    await subscription.stop();
    await subscription.stop();
    await eventStore.append("conversation:acme:c-1", [messageEvent()], { expectedVersion: "any" });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(handled).toEqual([1, 2]);
  });

  it("reloads its position when another instance moved the checkpoint, applying nothing twice", async () => {
    const eventStore = await storeWith(6);
    const shared = createInMemoryCheckpointStore();
    const a = recorder(shared);
    const b = recorder(shared);
    const one = createSubscription({ eventStore, subscriber: a.subscriber, batchSize: 2, pollMs: 10 });
    const two = createSubscription({ eventStore, subscriber: b.subscriber, batchSize: 2, pollMs: 10 });
    await one.step();
    await two.step();
    await two.step();
    await one.catchUp();
    expect([...a.handled, ...b.handled].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("polling loop", () => {
  it("doubles the backoff up to its ceiling", () => {
    expect([1, 2, 3, 4, 5, 12].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 1000 }))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("runs again at once when woken during a step", async () => {
    let steps = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loop = createPollingLoop({
      name: "woken",
      pollMs: 60_000,
      step: async () => {
        steps++;
        if (steps === 1) await gate;
        return "idle";
      },
    });
    loop.start();
    await expect.poll(() => steps).toBe(1);
    loop.wake();
    release();
    await expect.poll(() => steps).toBe(2);
    await loop.stop();
  });
});
