import type { EventStore } from "../event-store/event-store.js";
import { createConversationSnapshotter } from "../snapshots/conversation-snapshots.js";
import type { SnapshotStore } from "../snapshots/snapshot-store.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { createPollingLoop, type LoopFailure } from "../subscriptions/polling-loop.js";
import { createSubscription, type Subscriber, type Subscription } from "../subscriptions/subscription.js";
import { PROJECTION_NAMES, projectionSubscriber } from "./projection-registry.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { createSummaryPublisher } from "./summary-publisher.js";

/** What the projection runner drives. */
export interface ProjectionRunnerOptions {
  /** The store projections read (the decrypting one, so summaries hold readable or erased personal fields). */
  eventStore: Pick<EventStore, "readAll" | "readStream">;
  storage: ProjectionStorage;
  /** The edge cache changed summaries are published to; omit to publish nothing. */
  summaryCache?: SummaryCache;
  /** Conversation snapshots written in the background every `every` events; omit to write none. */
  snapshots?: { store: SnapshotStore; every: number };
  pollMs: number;
  /** Events per batch (default 500). */
  batchSize?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Where failures and recoveries are reported (default stderr). */
  log?: (line: string) => void;
}

/** Central's projections, the cache publisher and the snapshotter, running in-process. */
export interface ProjectionRunner {
  start(): void;
  /** Stops every loop after its batch in progress. */
  stop(): Promise<void>;
  /** Applies every event recorded so far to every projection (and the snapshotter) now; throws on the first failure. */
  catchUp(): Promise<void>;
  /** Publishes every pending summary now; throws while the cache fails. */
  publishPending(): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the runner: one checkpointed subscription per projection, plus the publisher and the snapshotter. */
export function createProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const log = options.log ?? ((line: string) => console.error(line));
  const batchSize = options.batchSize ?? 500;
  const onError = (failure: LoopFailure) =>
    log(
      `${failure.name}: attempt ${failure.attempt} failed (${describe(failure.error)}); ` +
        `retrying in ${failure.retryInMs} ms`,
    );
  const onRecovered = (name: string, attempts: number) => log(`${name}: recovered after ${attempts} failed attempt(s)`);
  const loopOptions = {
    pollMs: options.pollMs,
    onError,
    onRecovered,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  };

  const publisher = options.summaryCache
    ? createSummaryPublisher({ storage: options.storage, cache: options.summaryCache, batchSize })
    : null;
  const publishing = publisher
    ? createPollingLoop({ name: "summary-cache-publisher", step: publisher.step, ...loopOptions })
    : null;

  const subscribe = (subscriber: Subscriber): Subscription =>
    createSubscription({ eventStore: options.eventStore, subscriber, batchSize, ...loopOptions });
  const projections = PROJECTION_NAMES.map((name) =>
    subscribe(
      projectionSubscriber(
        name,
        options.storage,
        name === "customer-summary" && publishing ? { onCommitted: () => publishing.wake() } : {},
      ),
    ),
  );
  const snapshotter = options.snapshots
    ? subscribe(
        createConversationSnapshotter({
          eventStore: options.eventStore,
          snapshots: options.snapshots.store,
          snapshotEvery: options.snapshots.every,
          checkpoints: options.storage.checkpoints,
        }),
      )
    : null;
  const subscriptions = snapshotter ? [...projections, snapshotter] : projections;

  return {
    start() {
      for (const subscription of subscriptions) subscription.start();
      publishing?.start();
    },
    async stop() {
      await Promise.all([...subscriptions.map((subscription) => subscription.stop()), publishing?.stop()]);
    },
    async catchUp() {
      for (const subscription of subscriptions) await subscription.catchUp();
      publishing?.wake();
    },
    async publishPending() {
      if (publisher) while ((await publisher.step()) === "busy");
    },
  };
}

/**
 * Brings every projection up to the log's end once, publishing nothing: for a command run beside the server. Erasure
 * uses it as its "rebuild the customer's projections": folding `customer.erased` clears the summary's personal fields
 * (conversation states hold none), and the exactly-once guard makes it safe while a server runs them too.
 */
export function catchUpProjections(deps: Pick<ProjectionRunnerOptions, "eventStore" | "storage">): Promise<void> {
  return createProjectionRunner({ ...deps, pollMs: 1000, log: () => {} }).catchUp();
}
