import { describe, expect, it } from "vitest";
import { messageEvent, replyEvent } from "../../test/support/catalog-events.js";
import { createCountingEventStore } from "../../test/support/counting-event-store.js";
import { createInMemoryEventStore } from "../event-store/in-memory-event-store.js";
import { CONVERSATION_STATE_SNAPSHOT, createConversationStateLoader } from "./conversation-snapshots.js";
import { createInMemorySnapshotStore } from "./in-memory-snapshot-store.js";

const STREAM = "conversation:acme:conv-1";

async function conversation(events: number) {
  const eventStore = createInMemoryEventStore();
  await eventStore.append(
    STREAM,
    Array.from({ length: events }, (_, i) => (i % 2 === 0 ? messageEvent() : replyEvent())),
    { expectedVersion: "no_stream" },
  );
  const counting = createCountingEventStore(eventStore);
  const snapshots = createInMemorySnapshotStore();
  return {
    eventStore,
    counting,
    snapshots,
    loader: createConversationStateLoader({ eventStore: counting, snapshots, snapshotEvery: 10 }),
  };
}

describe("conversation state loader", () => {
  it("folds the whole stream when there is no snapshot, then writes one", async () => {
    const { counting, snapshots, loader } = await conversation(25);
    const first = await loader.load("acme", "conv-1");
    expect(
      first.ok && [
        first.value.version,
        first.value.snapshotVersion,
        first.value.eventsRead,
        first.value.state.messageCount,
      ],
    ).toEqual([25, 0, 25, 25]);
    expect((await snapshots.load(STREAM, CONVERSATION_STATE_SNAPSHOT))?.version).toBe(25);
    counting.reset();
    const second = await loader.load("acme", "conv-1");
    expect(second.ok && [second.value.snapshotVersion, second.value.eventsRead]).toEqual([25, 0]);
    expect(second.ok && second.value.state).toEqual(first.ok && first.value.state);
    expect(counting.eventsRead()).toBe(0);
  });

  it("writes no snapshot for fewer than snapshotEvery new events", async () => {
    const { snapshots, loader } = await conversation(9);
    await loader.load("acme", "conv-1");
    expect(await snapshots.load(STREAM, CONVERSATION_STATE_SNAPSHOT)).toBeNull();
  });

  it("snapshots at an exact version for the background snapshotter, reading only up to it", async () => {
    const { counting, snapshots, loader } = await conversation(25);
    await loader.loader.snapshotAt(STREAM, 20);
    expect(counting.eventsRead()).toBe(20);
    expect(await snapshots.load(STREAM, CONVERSATION_STATE_SNAPSHOT)).toMatchObject({
      version: 20,
      state: { messageCount: 20 },
    });
  });

  it("ignores a snapshot that no longer parses or lies past the stream's end", async () => {
    const { snapshots, loader } = await conversation(12);
    await snapshots.save(STREAM, CONVERSATION_STATE_SNAPSHOT, { version: 5, state: { shape: "of an older release" } });
    const reparsed = await loader.load("acme", "conv-1");
    expect(reparsed.ok && [reparsed.value.snapshotVersion, reparsed.value.state.messageCount]).toEqual([0, 12]);

    await snapshots.save(STREAM, CONVERSATION_STATE_SNAPSHOT, {
      version: 500,
      state: (reparsed.ok && reparsed.value.state) || {},
    });
    const ahead = await loader.load("acme", "conv-1");
    expect(ahead.ok && [ahead.value.version, ahead.value.snapshotVersion, ahead.value.state.messageCount]).toEqual([
      12, 0, 12,
    ]);
  });

  it("answers an unknown conversation with stream_not_found", async () => {
    const { loader } = await conversation(1);
    expect(await loader.load("acme", "nope")).toMatchObject({
      ok: false,
      error: { code: "stream_not_found", stream: "conversation:acme:nope" },
    });
  });
});
