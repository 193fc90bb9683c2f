import { describe } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { describeProjectionsOnDatabase } from "./projections.database.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("projections on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);
  describeProjectionsOnDatabase("drizzle on PostgreSQL", () => handle.database);
});
