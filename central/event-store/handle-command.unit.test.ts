import { describe, expect, it } from "vitest";
import { err, ok } from "../../shared/result.js";
import { catalogEvent } from "../../test/support/catalog-events.js";
import type { Decider } from "./decider.js";
import type { EventStore } from "./event-store.js";
import { handleCommand, retryPause } from "./handle-command.js";
import { createInMemoryEventStore } from "./in-memory-event-store.js";
import type { RecordedEvent } from "./recorded-event.js";
import { deciderSpecification } from "./testing/decider-specification.js";

const STREAM = "conversation:acme:conv-1";
type Uuid = `${string}-${string}-${string}-${string}-${string}`;

/** Escalates a conversation at most `max` times: a small decider to drive the handler with. */
interface Escalate {
  eventId: Uuid;
  max: number;
  reason?: string;
}

const escalations: Decider<number, Escalate, RecordedEvent, { code: "too_many"; count: number }, "escalated" | "noop"> =
  {
    initialState: () => 0,
    evolve: (count, event) => (event.type === "conversation.escalated" ? count + 1 : count),
    decide(command, count) {
      if (command.max === 0) return ok({ events: [], outcome: "noop" });
      if (count >= command.max) return err({ code: "too_many", count });
      const data = { customerId: "cust-1", conversationId: "conv-1", reason: command.reason ?? `escalation ${count}` };
      return ok({ events: [catalogEvent("conversation.escalated", data, {}, command.eventId)], outcome: "escalated" });
    },
  };

const id = (n: number): Uuid => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A store where another writer appends an escalation right before each of our next `count` appends. */
function contendedStore(count: number): EventStore & { appends: number } {
  const inner = createInMemoryEventStore();
  let contended = count;
  let other = 100;
  const store = {
    ...inner,
    appends: 0,
    async append(...args: Parameters<EventStore["append"]>) {
      store.appends += 1;
      if (contended > 0) {
        contended -= 1;
        const data = { customerId: "cust-1", conversationId: "conv-1", reason: "by another writer" };
        await inner.append(STREAM, [catalogEvent("conversation.escalated", data, {}, id((other += 1)))], {
          expectedVersion: "any",
        });
      }
      return inner.append(...args);
    },
  };
  return store;
}

describe("handleCommand", () => {
  it("appends what the decider decides at the version it read, and says what it did", async () => {
    const store = createInMemoryEventStore();
    await handleCommand(store, STREAM, escalations, { eventId: id(1), max: 5 });

    const handled = await handleCommand(store, STREAM, escalations, { eventId: id(2), max: 5 });

    expect(handled).toMatchObject({
      ok: true,
      value: {
        state: 1,
        outcome: "escalated",
        events: [{ eventId: id(2), type: "conversation.escalated" }],
        appended: { nextExpectedVersion: 2, duplicate: false },
      },
    });
    expect(await store.streamVersion(STREAM)).toBe(2);
  });

  it("returns a refusal as the decider's value and appends nothing", async () => {
    const store = createInMemoryEventStore();
    await handleCommand(store, STREAM, escalations, { eventId: id(1), max: 1 });

    expect(await handleCommand(store, STREAM, escalations, { eventId: id(2), max: 1 })).toEqual(
      err({ code: "too_many", count: 1 }),
    );
    expect(await store.streamVersion(STREAM)).toBe(1);
  });

  it("appends nothing when the decision has no events", async () => {
    const store = createInMemoryEventStore();

    expect(await handleCommand(store, STREAM, escalations, { eventId: id(1), max: 0 })).toEqual(
      ok({ state: 0, outcome: "noop", events: [], appended: null }),
    );
    expect(await store.streamVersion(STREAM)).toBe(0);
  });

  it("after a version conflict reads again and decides on what the stream now says", async () => {
    const store = contendedStore(1);
    const seen: number[] = [];

    const handled = await handleCommand(
      store,
      STREAM,
      escalations,
      async (count) => (seen.push(count), { eventId: id(1), max: 5, reason: `seen ${count}` }),
      { backoffMs: 0 },
    );

    expect(seen).toEqual([0, 1]);
    expect(handled).toMatchObject({
      ok: true,
      value: { state: 1, events: [{ data: { reason: "seen 1" } }], appended: { nextExpectedVersion: 2 } },
    });
  });

  it("a retry can end in a refusal: the concurrent append used up what the command wanted", async () => {
    const store = contendedStore(1);

    expect(await handleCommand(store, STREAM, escalations, { eventId: id(1), max: 1 }, { backoffMs: 0 })).toEqual(
      err({ code: "too_many", count: 1 }),
    );
    expect(store.appends).toBe(1);
  });

  it("gives up after the retries it was given and returns the conflict as a value", async () => {
    const store = contendedStore(10);

    const handled = await handleCommand(
      store,
      STREAM,
      escalations,
      { eventId: id(1), max: 50 },
      { retries: 2, backoffMs: 0 },
    );

    expect(handled).toMatchObject({ ok: false, error: { code: "stream_conflict", stream: STREAM, actualVersion: 3 } });
    expect(store.appends).toBe(3);
  });

  it("throws on an append the store refuses for another reason than a conflict (a bug in the decider)", async () => {
    const broken: typeof escalations = {
      ...escalations,
      decide: (command) =>
        ok({
          events: [
            {
              ...catalogEvent(
                "conversation.escalated",
                {
                  customerId: "cust-1",
                  conversationId: "conv-1",
                  reason: "r",
                },
                {},
                command.eventId,
              ),
              data: {},
            },
          ],
          outcome: "escalated",
        }),
    };

    await expect(handleCommand(createInMemoryEventStore(), STREAM, broken, { eventId: id(1), max: 1 })).rejects.toThrow(
      /refused: invalid_event_data/,
    );
  });

  it("waits a jittered, growing, bounded pause before each retry", () => {
    expect(retryPause(0, { backoffMs: 10, random: () => 0.5 })).toBe(5);
    expect(retryPause(3, { backoffMs: 10, random: () => 0.5 })).toBe(40);
    expect(retryPause(20, { backoffMs: 10, random: () => 0.999 })).toBeLessThan(500);
    expect(retryPause(2, { backoffMs: 10, random: () => 0 })).toBe(0);
  });
});

describe("decider specification", () => {
  const spec = deciderSpecification(escalations, { stream: STREAM });
  const escalated = (n: number) =>
    catalogEvent("conversation.escalated", { customerId: "cust-1", conversationId: "conv-1", reason: "r" }, {}, id(n));

  it("folds the given events and checks the events a command decides", () => {
    spec
      .given(escalated(1))
      .when({ eventId: id(2), max: 3 })
      .then([{ type: "conversation.escalated", eventId: id(2), data: { reason: "escalation 1" } }], "escalated");
  });

  it("checks a refusal and a decision that changes nothing", () => {
    spec
      .given(escalated(1), escalated(2))
      .when({ eventId: id(3), max: 2 })
      .thenFails({ code: "too_many", count: 2 });
    spec
      .given()
      .when({ eventId: id(1), max: 0 })
      .thenNothingHappens("noop");
    expect(spec.given(escalated(1), escalated(2)).state).toBe(2);
  });

  it("refuses given events the catalog would refuse", () => {
    expect(() => spec.given({ ...escalated(1), data: { reason: "no customer" } })).toThrow(
      /does not match the catalog/,
    );
  });
});
