import { describe } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { describeEntryPointProperties } from "./entry-point-properties.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("on PostgreSQL", () => {
  describeEntryPointProperties("PostgreSQL", usePostgresDatabase(postgres.url));
});
