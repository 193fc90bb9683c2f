import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { createDrizzleEventStore, POSITION_LOCK_KEY } from "./drizzle-event-store.js";
import { contractEvent, contractStream } from "./event-store-contract-fixtures.js";
import { describeEventStoreContract } from "./event-store.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("drizzle event store on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);
  const clients: pg.Client[] = [];

  // Registered after the database's own hooks, so it runs before the database is closed and dropped.
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  });

  /** A separate connection, as another central instance writing outside the store would have. */
  async function connection(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  /** Inserts one event row by hand inside the client's open transaction; returns its global position. */
  async function insertRaw(client: pg.Client, stream: string): Promise<number> {
    const event = contractEvent();
    const { rows } = await client.query<{ global_position: string }>(
      "insert into events (event_id, stream_id, stream_version, type, data, metadata) " +
        "values ($1, $2, 1, $3, $4, $5) returning global_position",
      [event.eventId, stream, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
    );
    return Number(rows[0]?.global_position);
  }

  describeEventStoreContract("drizzle on PostgreSQL", (clock) => createDrizzleEventStore(handle.database.db, clock));

  it("opens as kind postgres and answers ping", async () => {
    expect(handle.database.kind).toBe("postgres");
    await expect(handle.database.ping()).resolves.toBeUndefined();
  });

  it("lets exactly one of 10 concurrent appends at the same expected version win, over many connections", async () => {
    const store = createDrizzleEventStore(handle.database.db, () => new Date());
    const stream = contractStream();
    await store.append(stream, [contractEvent()], { expectedVersion: "no_stream" });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append(stream, [contractEvent()], { expectedVersion: 1 })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const conflicts = results.flatMap((result) => (result.ok ? [] : [result.error]));
    expect(conflicts).toHaveLength(9);
    expect(conflicts.every((conflict) => conflict.code === "stream_conflict" && conflict.actualVersion === 2)).toBe(
      true,
    );
    expect(await streamEvents(store, stream)).toHaveLength(2);
  });

  it("lets exactly one of 10 concurrent new streams win under no_stream", async () => {
    const store = createDrizzleEventStore(handle.database.db, () => new Date());
    const stream = contractStream();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append(stream, [contractEvent()], { expectedVersion: "no_stream" })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await store.streamVersion(stream)).toBe(1);
  });

  it("records concurrent retries of the same events once, every caller seeing the same positions", async () => {
    const store = createDrizzleEventStore(handle.database.db, () => new Date());
    for (const expectedVersion of ["no_stream", "any"] as const) {
      const stream = contractStream();
      const batch = [contractEvent(), contractEvent()];
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(stream, batch, { expectedVersion })),
      );
      const successes = results.flatMap((result) => (result.ok ? [result.value] : []));
      expect(successes).toHaveLength(10);
      expect(successes.filter((success) => !success.duplicate)).toHaveLength(1);
      expect(new Set(successes.map((success) => JSON.stringify(success.positions))).size).toBe(1);
      expect(await streamEvents(store, stream)).toHaveLength(2);
    }
  });

  it("does not let a reader skip an older open transaction's event when a later one commits first", async () => {
    const store = createDrizzleEventStore(handle.database.db, () => new Date());
    const head = await store.headPosition();
    const older = await connection();
    await older.query("begin");
    const olderPosition = await insertRaw(older, contractStream());

    const later = await store.append(contractStream(), [contractEvent()], { expectedVersion: "no_stream" });
    const laterPosition = later.ok ? later.value.positions[0]?.globalPosition : undefined;
    expect(laterPosition).toBeGreaterThan(olderPosition);

    // Committed, but an older transaction is still open: a checkpointing reader must not see it yet.
    expect(await store.readAll({ after: head })).toEqual([]);
    expect(await store.headPosition()).toBe(head);

    await older.query("commit");
    await expect
      .poll(async () => (await store.readAll({ after: head })).map((event) => event.globalPosition), { timeout: 5_000 })
      .toEqual([olderPosition, laterPosition]);
  });

  it("allocates positions in commit order: an append waits while another holds the position lock", async () => {
    const store = createDrizzleEventStore(handle.database.db, () => new Date());
    const head = await store.headPosition();
    const other = await connection();
    await other.query("begin");
    await other.query("select pg_advisory_xact_lock($1)", [POSITION_LOCK_KEY]);
    const otherPosition = await insertRaw(other, contractStream());

    let settled = false;
    const append = store
      .append(contractStream(), [contractEvent()], { expectedVersion: "no_stream" })
      .finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);

    await other.query("commit");
    const result = await append;
    const position = result.ok ? result.value.positions[0]?.globalPosition : undefined;
    expect(position).toBeGreaterThan(otherPosition);
    await expect
      .poll(async () => (await store.readAll({ after: head })).map((event) => event.globalPosition), { timeout: 5_000 })
      .toEqual([otherPosition, position]);
  });
});
