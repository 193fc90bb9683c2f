import { afterAll, beforeAll } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { openDatabase, type Database } from "../db/database.js";
import { createDrizzleEventStore } from "./drizzle-event-store.js";
import { describeEventStoreContract } from "./event-store.contract.js";

let database: Database;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  database = await openDatabase({ dataDir: dir.path });
});

afterAll(async () => {
  await database?.close();
  await removeDir?.();
});

describeEventStoreContract("drizzle on PGlite", (clock) => createDrizzleEventStore(database.db, clock));
