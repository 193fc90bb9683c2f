import type { Result } from "../../shared/result.js";
import type { EventStore, ReadStreamError } from "../event-store/event-store.js";
import { conversationStreamName, parseStreamName } from "../event-store/stream-name.js";
import {
  conversationStateSchema,
  type ConversationState,
} from "../projections/conversation-state/conversation-state.js";
import { conversationStateProjection } from "../projections/conversation-state/conversation-state-projection.js";
import type { CheckpointStore } from "../subscriptions/checkpoint-store.js";
import { createCheckpointedSubscriber, type Subscriber } from "../subscriptions/subscription.js";
import { createSnapshotLoader, type LoadedState, type SnapshotLoader, type StreamFold } from "./snapshot-loader.js";
import type { SnapshotStore } from "./snapshot-store.js";

/** Snapshot kind of conversation states (bump the `@n` when {@link ConversationState}'s shape changes). */
export const CONVERSATION_STATE_SNAPSHOT = "conversation-state@1";

/** The conversation-state fold over a conversation's own stream (the projection's fold, keyed by the stream name). */
export const conversationStateFold: StreamFold<ConversationState> = {
  kind: CONVERSATION_STATE_SNAPSHOT,
  schema: conversationStateSchema,
  initialState(stream) {
    const name = parseStreamName(stream);
    if (!name.ok) throw new Error(name.error.message);
    return conversationStateProjection.initialState({ tenantId: name.value.tenantId, id: name.value.id });
  },
  evolve: conversationStateProjection.evolve,
};

/** What conversation snapshots need. */
export interface ConversationSnapshotDeps {
  eventStore: Pick<EventStore, "readStream">;
  snapshots: SnapshotStore;
  snapshotEvery: number;
}

/** Loads conversation states through their snapshots. */
export interface ConversationStateLoader {
  /** The conversation's state now: its latest snapshot plus the events after it. */
  load(tenantId: string, conversationId: string): Promise<Result<LoadedState<ConversationState>, ReadStreamError>>;
  loader: SnapshotLoader<ConversationState>;
}

/** Creates the conversation-state loader. */
export function createConversationStateLoader(deps: ConversationSnapshotDeps): ConversationStateLoader {
  const loader = createSnapshotLoader({ ...deps, fold: conversationStateFold });
  return { loader, load: (tenantId, conversationId) => loader.load(conversationStreamName(tenantId, conversationId)) };
}

/** Checkpoint name of the background snapshotter. */
export const SNAPSHOTTER = `snapshots:${CONVERSATION_STATE_SNAPSHOT}`;

/**
 * The background snapshotter: whenever a conversation stream reaches a multiple of `snapshotEvery` events, writes its
 * snapshot at that version (reading only the events since the previous one). Idempotent, so at-least-once is enough.
 */
export function createConversationSnapshotter(
  deps: ConversationSnapshotDeps & { checkpoints: CheckpointStore },
): Subscriber {
  const { loader } = createConversationStateLoader(deps);
  return createCheckpointedSubscriber({
    name: SNAPSHOTTER,
    checkpoints: deps.checkpoints,
    async handle(events) {
      for (const event of events) {
        if (event.streamVersion % deps.snapshotEvery !== 0) continue;
        const name = parseStreamName(event.stream);
        if (name.ok && name.value.kind === "conversation") await loader.snapshotAt(event.stream, event.streamVersion);
      }
    },
  });
}
