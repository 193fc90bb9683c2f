import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erasureReportSchema } from "../../shared/admin-api.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { createEraseCommand, type CommandIo } from "../cli/erase-command.js";
import { openDatabase } from "../db/database.js";
import { createDrizzleEventStore } from "../event-store/drizzle-event-store.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";
import { createEncryptingEventStore } from "./encrypting-event-store.js";
import { resolveMasterKey } from "./master-key.js";
import { openErasure } from "./open-erasure.js";
import { ERASED_TEXT } from "./personal-fields.js";
import { sampleMessage } from "./sample-events.js";
import { streamEvents } from "../../test/support/catalog-events.js";

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await makeTempDir();
});

afterAll(async () => {
  await dir.remove();
});

/** Opens the data folder as the server would, runs `use`, closes it (PGlite allows one opener at a time). */
async function withStore<T>(use: (parts: { store: ReturnType<typeof createEncryptingEventStore> }) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: dir.path });
  try {
    const master = await resolveMasterKey({ configured: undefined, dataDir: dir.path, kind: "pglite" });
    if (!master.ok) throw new Error(master.error.message);
    const keys = createDrizzleCustomerKeyStore(database.db, master.value.key);
    return await use({ store: createEncryptingEventStore(createDrizzleEventStore(database.db, () => new Date()), keys) });
  } finally {
    await database.close();
  }
}

describe("frontdesk erase on a PGlite data folder", () => {
  it("erases through the real composition (database, master key file, encrypting store, counter)", async () => {
    await withStore(({ store }) => store.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], { expectedVersion: "no_stream" }));
    const rebuilds: string[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIo = { env: { FRONTDESK_DATA_DIR: dir.path }, stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
    // Recording fake rebuild: the projections' customer rebuild is not in the tree yet.
    const command = createEraseCommand({
      openErasure: (config, log) => openErasure(config, log, () => async (tenantId, customerId) => void rebuilds.push(`${tenantId}/${customerId}`)),
    });
    expect(await command.run(["--tenant", "acme", "--customer", "c-1", "--json"], io)).toBe(0);
    const report = erasureReportSchema.parse(JSON.parse(out.join("")));
    expect(report).toMatchObject({ alreadyErased: false, keyDestroyed: true, counts: { events: 1, personalFields: 1 } });
    expect(rebuilds).toEqual(["acme/c-1"]);
    expect(err.join("")).toMatch(/edge summary cache lives in the running server's memory/);
    const [message] = await withStore(({ store }) => streamEvents(store, "conversation:acme:conv-1"));
    expect(message?.data.text).toBe(ERASED_TEXT);
    out.length = 0;
    expect(await command.run(["--tenant", "acme", "--customer", "c-1"], io)).toBe(0);
    expect(out.join("")).toMatch(/already erased/);
  });

  it("fails with exit code 1 when PostgreSQL is configured without ENCRYPTION_MASTER_KEY", async () => {
    const err: string[] = [];
    const command = createEraseCommand({ openErasure: (config, log) => openErasure(config, log, () => async () => {}) });
    const io: CommandIo = { env: { DATABASE_URL: "postgres://127.0.0.1:1/none" }, stdout: () => {}, stderr: (text) => err.push(text) };
    expect(await command.run(["--tenant", "acme", "--customer", "c-1"], io)).toBe(1);
    expect(err.join("")).toMatch(/ENCRYPTION_MASTER_KEY is required/);
  });
});
