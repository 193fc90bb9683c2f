import { afterAll, beforeAll } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { openDatabase, type Database } from "../db/database.js";
import { describeEncryptingStoreOnDatabase } from "./encrypting-event-store.database.contract.js";

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

describeEncryptingStoreOnDatabase("PGlite", () => database);
