import type { EventEnvelope } from "../../shared/event-envelope.js";
import type { EventStore } from "../event-store/event-store.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import { createPollingLoop, type LoopFailure, type PollingLoop, type StepOutcome } from "./polling-loop.js";

/** What a subscriber did with a batch: applied it (checkpoint moved), or found its checkpoint moved by another. */
export type ApplyOutcome = "applied" | "moved";

/** A consumer of the global log that owns its checkpoint. */
export interface Subscriber {
  /** Checkpoint name, e.g. `customer-summary`. */
  name: string;
  /** The last global position it has applied (0 when none). */
  position(): Promise<number>;
  /**
   * Applies events (ascending, all after `from`) and moves its checkpoint from `from` to the last one's position,
   * atomically when its storage allows; `moved` when the checkpoint was no longer `from` (nothing applied).
   */
  apply(events: EventEnvelope[], from: number): Promise<ApplyOutcome>;
}

/** Options of {@link createSubscription}. */
export interface SubscriptionOptions {
  eventStore: Pick<EventStore, "readAll">;
  subscriber: Subscriber;
  /** Events read and applied per step. */
  batchSize: number;
  /** Wait between polls when caught up. */
  pollMs: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Told about every failed attempt (the batch is retried, never skipped). */
  onError?(failure: LoopFailure): void;
  onRecovered?(name: string, failedAttempts: number): void;
}

/** A polling subscription of one subscriber to the global log. */
export interface Subscription {
  name: string;
  /** Starts polling in the background. */
  start(): void;
  /** Polls now instead of at the end of the current wait. */
  wake(): void;
  /** Stops after the batch in progress; safe to call twice. */
  stop(): Promise<void>;
  /** Applies batches until the log's end in the foreground (tests, CLI, erasure); throws on the first failure. */
  catchUp(): Promise<void>;
  /** One step: reads and applies at most one batch. */
  step(): Promise<StepOutcome>;
}

/** Feeds a subscriber from its checkpoint onwards, one batch at a time; resumes from the checkpoint after a restart. */
export function createSubscription(options: SubscriptionOptions): Subscription {
  const { subscriber, eventStore, batchSize } = options;
  let position: number | null = null;
  let inFlight: Promise<StepOutcome> | null = null;

  async function stepOnce(): Promise<StepOutcome> {
    position ??= await subscriber.position();
    const from = position;
    const events = await eventStore.readAll({ after: from, limit: batchSize });
    const last = events.at(-1);
    if (!last) return "idle";
    if ((await subscriber.apply(events, from)) === "moved") {
      position = null;
      return "busy";
    }
    position = last.globalPosition;
    return events.length === batchSize ? "busy" : "idle";
  }

  /** Steps never overlap, whether run by the loop or by catchUp. */
  async function step(): Promise<StepOutcome> {
    while (inFlight) await inFlight.catch(() => {});
    inFlight = stepOnce();
    try {
      return await inFlight;
    } catch (error) {
      position = null;
      throw error;
    } finally {
      inFlight = null;
    }
  }

  const loop: PollingLoop = createPollingLoop({
    name: subscriber.name,
    step,
    pollMs: options.pollMs,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onRecovered ? { onRecovered: options.onRecovered } : {}),
  });

  return {
    name: subscriber.name,
    start: () => loop.start(),
    wake: () => loop.wake(),
    stop: () => loop.stop(),
    step,
    async catchUp() {
      while ((await step()) === "busy");
    },
  };
}

/** Options of {@link createCheckpointedSubscriber}. */
export interface CheckpointedSubscriberOptions {
  name: string;
  checkpoints: CheckpointStore;
  /** Handles a batch; must be idempotent: after a crash between it and the checkpoint, the batch comes again. */
  handle(events: EventEnvelope[]): Promise<void>;
}

/** A subscriber for effects that cannot share a transaction with the checkpoint: at-least-once, in order. */
export function createCheckpointedSubscriber(options: CheckpointedSubscriberOptions): Subscriber {
  return {
    name: options.name,
    position: () => options.checkpoints.load(options.name),
    async apply(events, from) {
      const last = events.at(-1);
      if (!last) return "applied";
      if ((await options.checkpoints.load(options.name)) !== from) return "moved";
      await options.handle(events);
      return (await options.checkpoints.advance(options.name, from, last.globalPosition)) ? "applied" : "moved";
    },
  };
}
