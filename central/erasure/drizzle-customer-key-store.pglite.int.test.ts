import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { openDatabase, type Database } from "../db/database.js";
import { customerKeys } from "../db/schema.js";
import { describeCustomerKeyStoreContract } from "./customer-key-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";

let database: Database;
let removeDir: () => Promise<void>;
const masterKey = randomBytes(32);

beforeAll(async () => {
  const dir = await makeTempDir();
  removeDir = dir.remove;
  database = await openDatabase({ dataDir: dir.path });
});

afterAll(async () => {
  await database?.close();
  await removeDir?.();
});

describeCustomerKeyStoreContract("drizzle on PGlite", () => createDrizzleCustomerKeyStore(database.db, masterKey));

describe("drizzle customer key store on PGlite", () => {
  it("stores only the wrapped key, never the data key itself", async () => {
    const keys = createDrizzleCustomerKeyStore(database.db, masterKey);
    const key = await keys.getOrCreate("acme", "c-wrapped");
    const rows = await database.db.select().from(customerKeys);
    const row = rows.find((candidate) => candidate.customerId === "c-wrapped");
    expect(row?.wrappedKey).toMatch(/^kw:v1:/);
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("base64url"));
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("base64"));
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("hex"));
  });

  it("refuses to unwrap keys with another master key", async () => {
    await createDrizzleCustomerKeyStore(database.db, masterKey).getOrCreate("acme", "c-other-master");
    const wrong = createDrizzleCustomerKeyStore(database.db, randomBytes(32));
    await expect(wrong.get("acme", "c-other-master")).rejects.toThrow(/ENCRYPTION_MASTER_KEY differs/);
  });
});
