import type { SummaryCache, SummaryCacheFailure } from "../summary-cache/summary-cache.js";
import type { StepOutcome } from "../subscriptions/polling-loop.js";
import { customerSummaryStateSchema, toCustomerSummary } from "./customer-summary/customer-summary-projection.js";
import type { ProjectionScope } from "./projection-storage.js";

/** Checkpoint of the publisher: the highest summary version known to be in the cache. */
export const SUMMARY_PUBLISHER = "summary-cache-publisher";

/** The cache refused or could not be reached; the summaries stay queued in `customer_summaries`. */
export class SummaryPublishError extends Error {
  /** Creates the error for one failed publish. */
  constructor(
    readonly failure: SummaryCacheFailure,
    readonly pending: { tenantId: string; customerId: string; version: number },
  ) {
    super(
      `publishing ${pending.tenantId}/${pending.customerId}@${pending.version} to the summary cache failed: ` +
        `${failure.code}: ${failure.message}`,
    );
    this.name = "SummaryPublishError";
  }
}

/** Options of {@link createSummaryPublisher}. */
export interface SummaryPublisherOptions {
  /** Where the customer summaries and the publisher's checkpoint live (outside any transaction). */
  storage: ProjectionScope;
  cache: SummaryCache;
  /** Summaries published per step. */
  batchSize: number;
}

/** Publishes changed customer summaries to the edge cache; one step of a polling loop. */
export interface SummaryPublisher {
  /**
   * Publishes summaries changed since the checkpoint, oldest first, moving the checkpoint past each one the cache
   * took. Throws {@link SummaryPublishError} at the first failure: progress so far is kept, the rest waits.
   */
  step(): Promise<StepOutcome>;
}

/**
 * The cache publisher: a change feed over `customer_summaries` by version (the global position of each row's last
 * event), checkpointed separately from the projection. The projection never waits for the cache; a cache outage only
 * delays publishing, and after it every summary changed meanwhile reaches the cache in its latest version.
 */
export function createSummaryPublisher(options: SummaryPublisherOptions): SummaryPublisher {
  const { storage, cache, batchSize } = options;
  let previous: Promise<unknown> = Promise.resolve();
  return {
    /** Steps never overlap: the background loop and an explicit publish may both call it. */
    step() {
      const next = previous.then(publishBatch, publishBatch);
      previous = next.catch(() => {});
      return next;
    },
  };

  async function publishBatch(): Promise<StepOutcome> {
    const from = await storage.checkpoints.load(SUMMARY_PUBLISHER);
    const rows = await storage.table("customer-summary").changedSince(from, batchSize);
    let published = from;
    try {
      for (const row of rows) {
        const summary = toCustomerSummary(customerSummaryStateSchema.parse(row.state));
        const result = await cache.publish(summary);
        if (!result.ok)
          throw new SummaryPublishError(result.error, {
            tenantId: summary.tenantId,
            customerId: summary.customerId,
            version: row.version,
          });
        published = row.version;
      }
    } finally {
      if (published !== from) await storage.checkpoints.advance(SUMMARY_PUBLISHER, from, published);
    }
    return rows.length === batchSize ? "busy" : "idle";
  }
}
