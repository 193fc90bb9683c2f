import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { describeCustomerKeyStoreContract } from "./customer-key-store.contract.js";
import { createDrizzleCustomerKeyStore } from "./drizzle-customer-key-store.js";

const postgres = await detectTestPostgres();
const masterKey = randomBytes(32);

describe.skipIf(!postgres.reachable)("drizzle customer key store on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);

  describeCustomerKeyStoreContract("drizzle on PostgreSQL", () =>
    createDrizzleCustomerKeyStore(handle.database.db, masterKey),
  );

  it("ends 20 creators racing over several connections (two store instances) with one key", async () => {
    const [a, b] = [
      createDrizzleCustomerKeyStore(handle.database.db, masterKey),
      createDrizzleCustomerKeyStore(handle.database.db, masterKey),
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? a : b).getOrCreate("acme", "c-race")),
    );
    expect(new Set(results.map((result) => result.keyId)).size).toBe(1);
  });
});
