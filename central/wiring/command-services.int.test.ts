import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erasureReportSchema } from "../../shared/admin-api.js";
import { streamEvents } from "../../test/support/catalog-events.js";
import { makeTempDir } from "../../test/support/temp-dir.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { createEraseCommand } from "../cli/erase-command.js";
import { loadCliConfig } from "../cli/cli-config.js";
import type { Db } from "../db/database.js";
import { customerSummaries } from "../db/schema.js";
import type { EventStore } from "../event-store/event-store.js";
import { ERASED_TEXT } from "../erasure/personal-fields.js";
import { personalDataIn, SAMPLE_PERSONAL, sampleMessage, sampleProfile } from "../erasure/testing/sample-events.js";
import { openCentralServices, type CentralServices } from "./central-services.js";
import { openErasure } from "./command-services.js";

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await makeTempDir();
});

afterAll(async () => {
  await dir.remove();
});

/** Opens the data folder as the server would, runs `use`, closes it (PGlite allows one opener at a time). */
async function withStore<T>(use: (parts: { store: EventStore; db: Db; services: CentralServices }) => Promise<T>) {
  const config = loadCliConfig({ FRONTDESK_DATA_DIR: dir.path });
  if (!config.ok) throw new Error(config.error.problems.join("; "));
  const services = await openCentralServices(config.value, { role: "server", log: () => {}, logError: () => {} });
  try {
    return await use({ store: services.eventStore, db: services.database.db, services });
  } finally {
    await services.database.close();
  }
}

const summaryRows = (db: Db) => db.select({ summary: customerSummaries.summary }).from(customerSummaries);

describe("frontdesk erase on a PGlite data folder", () => {
  it("erases via the real wiring: database, key file, encrypting store, counter, projection catch-up", async () => {
    await withStore(async ({ store, db, services }) => {
      await store.append("customer:acme:c-1", [sampleProfile("c-1")], { expectedVersion: "no_stream" });
      await store.append("conversation:acme:conv-1", [sampleMessage("c-1", "conv-1")], {
        expectedVersion: "no_stream",
      });
      await services.projections.catchUp();
      // What a server's projections left behind: the summary holds the profile in clear.
      expect(personalDataIn(JSON.stringify(await summaryRows(db)))).toEqual(
        expect.arrayContaining([SAMPLE_PERSONAL.name, SAMPLE_PERSONAL.email, SAMPLE_PERSONAL.phone]),
      );
    });
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      env: { FRONTDESK_DATA_DIR: dir.path },
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    };
    const command = createEraseCommand({ openErasure });
    expect(await command.run(["--tenant", "acme", "--customer", "c-1", "--json"], io)).toBe(0);
    const report = erasureReportSchema.parse(JSON.parse(out.join("")));
    expect(report).toMatchObject({
      alreadyErased: false,
      keyDestroyed: true,
      counts: { events: 2, eventsWithPersonalData: 2, personalFields: 4 },
    });
    expect(err.join("")).toMatch(/edge summary cache lives in the running server's memory/);
    await withStore(async ({ store, db }) => {
      const [message] = await streamEvents(store, "conversation:acme:conv-1");
      expect(message?.data.text).toBe(ERASED_TEXT);
      const rows = await summaryRows(db);
      expect(personalDataIn(JSON.stringify(rows))).toEqual([]);
      expect(rows[0]?.summary).toMatchObject({
        customerId: "c-1",
        flags: { erased: true },
        profile: { name: null, email: null, phone: null },
        counts: { messages: 1 },
      });
    });
    out.length = 0;
    expect(await command.run(["--tenant", "acme", "--customer", "c-1"], io)).toBe(0);
    expect(out.join("")).toMatch(/already erased/);
  });

  it("fails with exit code 1 when PostgreSQL is configured without ENCRYPTION_MASTER_KEY", async () => {
    const err: string[] = [];
    const command = createEraseCommand({ openErasure });
    const io: CliIo = {
      env: { DATABASE_URL: "postgres://127.0.0.1:1/none" },
      stdout: () => {},
      stderr: (text) => err.push(text),
    };
    expect(await command.run(["--tenant", "acme", "--customer", "c-1"], io)).toBe(1);
    expect(err.join("")).toMatch(/ENCRYPTION_MASTER_KEY is required/);
  });
});
