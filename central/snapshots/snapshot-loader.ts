import type { z } from "zod";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";
import type { EventStore, ReadStreamError } from "../event-store/event-store.js";
import type { SnapshotStore } from "./snapshot-store.js";

/** A fold over one stream's events, snapshotted under `kind` (bump its `@n` when the state's shape changes). */
export interface StreamFold<S extends Record<string, unknown>> {
  kind: string;
  schema: z.ZodType<S>;
  initialState(stream: string): S;
  evolve(state: S, event: EventEnvelope): S;
}

/** A state loaded from a stream: where it stands and what loading it cost. */
export interface LoadedState<S> {
  state: S;
  /** Stream version of the last event folded in. */
  version: number;
  /** Stream version of the snapshot it started from (0: none). */
  snapshotVersion: number;
  /** Events read from the store to load it. */
  eventsRead: number;
}

/** Options of {@link createSnapshotLoader}. */
export interface SnapshotLoaderOptions<S extends Record<string, unknown>> {
  eventStore: Pick<EventStore, "readStream">;
  snapshots: SnapshotStore;
  fold: StreamFold<S>;
  /** A load that folds at least this many events past its snapshot writes a new one. */
  snapshotEvery: number;
  /** Events read per page (default 500). */
  pageSize?: number;
}

/** Loads stream states through their latest snapshot. */
export interface SnapshotLoader<S> {
  /** The state after the stream's last event (or after `upTo`): the snapshot plus only the events after it. */
  load(stream: string, options?: { upTo?: number }): Promise<Result<LoadedState<S>, ReadStreamError>>;
  /** Writes a snapshot at exactly `version` (the background snapshotter calls this every `snapshotEvery` events). */
  snapshotAt(stream: string, version: number): Promise<void>;
}

/** Creates a loader that reads a stream's snapshot and folds only the events after it. */
export function createSnapshotLoader<S extends Record<string, unknown>>(
  options: SnapshotLoaderOptions<S>,
): SnapshotLoader<S> {
  const { eventStore, snapshots, fold, snapshotEvery } = options;
  const pageSize = options.pageSize ?? 500;

  async function startingPoint(stream: string): Promise<{ state: S; version: number }> {
    const snapshot = await snapshots.load(stream, fold.kind);
    const parsed = snapshot ? fold.schema.safeParse(snapshot.state) : null;
    // A snapshot that no longer parses is ignored: snapshots are a cache, the stream is the truth.
    if (snapshot && parsed?.success) return { state: parsed.data, version: snapshot.version };
    return { state: fold.initialState(stream), version: 0 };
  }

  async function foldFrom(stream: string, start: { state: S; version: number }, upTo: number) {
    let { state, version } = start;
    let eventsRead = 0;
    while (version < upTo) {
      const page = await eventStore.readStream(stream, {
        fromVersion: version + 1,
        limit: Math.min(pageSize, upTo - version),
      });
      if (!page.ok) return page;
      for (const event of page.value) state = fold.evolve(state, event);
      eventsRead += page.value.length;
      const last = page.value.at(-1);
      if (!last) break;
      version = last.streamVersion;
    }
    return ok({ state, version, eventsRead });
  }

  async function load(stream: string, opts: { upTo?: number } = {}): Promise<Result<LoadedState<S>, ReadStreamError>> {
    const upTo = opts.upTo ?? Number.POSITIVE_INFINITY;
    let start = await startingPoint(stream);
    if (start.version > upTo) start = { state: fold.initialState(stream), version: 0 };
    let folded = await foldFrom(stream, start, upTo);
    if (!folded.ok && folded.error.code === "beyond_end" && start.version > 0) {
      // The snapshot is ahead of its stream (restored backup?): distrust it.
      start = { state: fold.initialState(stream), version: 0 };
      folded = await foldFrom(stream, start, upTo);
    }
    if (!folded.ok) return folded;
    const { state, version, eventsRead } = folded.value;
    if (version === 0) return err({ code: "stream_not_found", stream, message: `stream ${stream} has no events` });
    if (opts.upTo === undefined && version - start.version >= snapshotEvery)
      await snapshots.save(stream, fold.kind, { version, state });
    return ok({ state, version, snapshotVersion: start.version, eventsRead });
  }

  return {
    load,
    async snapshotAt(stream, version) {
      const loaded = await load(stream, { upTo: version });
      if (loaded.ok && loaded.value.version === version && loaded.value.snapshotVersion < version) {
        await snapshots.save(stream, fold.kind, { version, state: loaded.value.state });
      }
    },
  };
}
