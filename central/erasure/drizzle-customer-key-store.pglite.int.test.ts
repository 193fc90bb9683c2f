import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { usePgliteDatabase } from "../../test/support/test-database.js";
import { customerKeys } from "../db/schema.js";
import { describeCustomerKeyStoreContract } from "./customer-key-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";

const handle = usePgliteDatabase();
const masterKey = randomBytes(32);

describeCustomerKeyStoreContract("drizzle on PGlite", () =>
  createDrizzleCustomerKeyStore(handle.database.db, masterKey),
);

describe("drizzle customer key store on PGlite", () => {
  it("stores only the wrapped key, never the data key itself", async () => {
    const keys = createDrizzleCustomerKeyStore(handle.database.db, masterKey);
    const key = await keys.getOrCreate("acme", "c-wrapped");
    const rows = await handle.database.db.select().from(customerKeys);
    const row = rows.find((candidate) => candidate.customerId === "c-wrapped");
    expect(row?.wrappedKey).toMatch(/^kw:v1:/);
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("base64url"));
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("base64"));
    expect(JSON.stringify(rows)).not.toContain(key.key.toString("hex"));
  });

  it("refuses to unwrap keys with another master key", async () => {
    await createDrizzleCustomerKeyStore(handle.database.db, masterKey).getOrCreate("acme", "c-other-master");
    const wrong = createDrizzleCustomerKeyStore(handle.database.db, randomBytes(32));
    await expect(wrong.get("acme", "c-other-master")).rejects.toThrow(/ENCRYPTION_MASTER_KEY differs/);
  });
});
