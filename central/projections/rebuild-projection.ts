import type { EventStore } from "../event-store/event-store.js";
import { foldEvents, type KeyedProjection } from "./keyed-projection.js";
import type { ProjectionStorage, StoredRow } from "./projection-storage.js";

/** How far a rebuild has read. */
export interface RebuildProgress {
  /** Global position of the last event folded. */
  position: number;
  /** The log's head when the rebuild started (the rebuild reads at least that far). */
  head: number;
  /** Events folded so far. */
  events: number;
  elapsedMs: number;
}

/** What a rebuild did. */
export interface RebuildResult {
  projection: string;
  events: number;
  rows: number;
  /** The checkpoint the projection resumes from. */
  position: number;
  elapsedMs: number;
  /** Events folded per second, reading and writing included. */
  eventsPerSecond: number;
}

/** What {@link rebuildProjection} needs. */
export interface RebuildDeps {
  eventStore: Pick<EventStore, "readAll" | "headPosition">;
  storage: ProjectionStorage;
  /** Events read per page (default 5000). */
  batchSize?: number;
  onProgress?(progress: RebuildProgress): void;
  /** Milliseconds clock for the figures (default `performance.now`). */
  now?: () => number;
}

/**
 * Rebuilds a projection from position 0: folds the whole log in memory, then in ONE transaction clears the
 * projection's table, writes every row and sets its checkpoint to the last position folded. A live runner of the same
 * projection (another process) finds its checkpoint moved and resumes from the rebuilt state.
 */
export async function rebuildProjection<S extends Record<string, unknown>>(
  projection: KeyedProjection<S>,
  deps: RebuildDeps,
): Promise<RebuildResult> {
  const now = deps.now ?? (() => performance.now());
  const batchSize = deps.batchSize ?? 5000;
  const started = now();
  const head = await deps.eventStore.headPosition();
  const rows = new Map<string, { key: StoredRow["key"]; state: S }>();
  const current = { get: (slot: string) => rows.get(slot)?.state };
  let position = 0;
  let events = 0;
  const read = (after: number) => {
    const page = deps.eventStore.readAll({ after, limit: batchSize });
    page.catch(() => {}); // awaited below; this only keeps a failure during a fold from going unhandled
    return page;
  };
  // Reading the next page overlaps with folding this one.
  let next = head > 0 ? read(0) : null;
  while (next) {
    const page = await next;
    const last = page.at(-1);
    if (!last) break;
    next = last.globalPosition < head ? read(last.globalPosition) : null;
    for (const [slot, row] of foldEvents(projection, page, current)) rows.set(slot, row);
    position = last.globalPosition;
    events += page.length;
    deps.onProgress?.({ position, head, events, elapsedMs: now() - started });
  }
  await deps.storage.transaction(async (scope) => {
    await scope.checkpoints.reset(projection.name, position);
    const table = scope.table(projection.name);
    await table.clear();
    await table.save(
      [...rows.values()].map(({ key, state }): StoredRow => ({ key, version: projection.versionOf(state), state })),
    );
  });
  const elapsedMs = now() - started;
  return {
    projection: projection.name,
    events,
    rows: rows.size,
    position,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? (events * 1000) / elapsedMs : events,
  };
}
