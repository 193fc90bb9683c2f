import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent } from "../../shared/event-envelope.js";
import { createThrowawayDatabase, detectTestPostgres, type ThrowawayDatabase } from "../../test/support/postgres.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleEventStore } from "./drizzle-event-store.js";
import { describeEventStoreContract } from "./event-store.contract.js";

const postgres = await detectTestPostgres();

function newEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: "test.happened",
    data: {},
    metadata: {
      tenantId: "acme",
      correlationId: "corr",
      causationId: null,
      actor: { kind: "system", id: "test" },
      modelVersion: null,
      policyVersion: null,
      sources: [],
    },
  };
}

describe.skipIf(!postgres.reachable)("drizzle event store on PostgreSQL", () => {
  let throwaway: ThrowawayDatabase;
  let database: Database;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(postgres.url);
    database = await openDatabase({ databaseUrl: throwaway.url, dataDir: "unused" });
  });

  afterAll(async () => {
    await database?.close();
    await throwaway?.drop();
  });

  describeEventStoreContract("drizzle on PostgreSQL", (clock) => createDrizzleEventStore(database.db, clock));

  it("opens as kind postgres and answers ping", async () => {
    expect(database.kind).toBe("postgres");
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it("lets exactly one of 10 concurrent appends at the same expected version win, over several connections", async () => {
    const store = createDrizzleEventStore(database.db, () => new Date());
    const stream = `race:${randomUUID()}`;
    await store.append(stream, [newEvent()], { expectedVersion: "no_stream" });
    const results = await Promise.all(Array.from({ length: 10 }, () => store.append(stream, [newEvent()], { expectedVersion: 1 })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const conflicts = results.flatMap((result) => (result.ok ? [] : [result.error]));
    expect(conflicts).toHaveLength(9);
    expect(conflicts.every((conflict) => conflict.code === "stream_conflict" && conflict.actualVersion === 2)).toBe(true);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it("lets exactly one of 10 concurrent new streams win under no_stream", async () => {
    const store = createDrizzleEventStore(database.db, () => new Date());
    const stream = `race:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => store.append(stream, [newEvent()], { expectedVersion: "no_stream" })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await store.streamVersion(stream)).toBe(1);
  });

  it("records concurrent retries of the same events once, every caller seeing the same positions", async () => {
    const store = createDrizzleEventStore(database.db, () => new Date());
    for (const expectedVersion of ["no_stream", "any"] as const) {
      const stream = `race:${randomUUID()}`;
      const batch = [newEvent(), newEvent()];
      const results = await Promise.all(Array.from({ length: 10 }, () => store.append(stream, batch, { expectedVersion })));
      const successes = results.flatMap((result) => (result.ok ? [result.value] : []));
      expect(successes).toHaveLength(10);
      expect(successes.filter((success) => !success.duplicate)).toHaveLength(1);
      expect(new Set(successes.map((success) => JSON.stringify(success.positions))).size).toBe(1);
      expect(await store.readStream(stream)).toHaveLength(2);
    }
  });
});
