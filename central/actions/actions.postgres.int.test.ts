import { describe } from "vitest";
import { detectTestPostgres } from "../../test/support/postgres.js";
import { usePostgresDatabase } from "../../test/support/test-database.js";
import { describeActionsOnDatabase } from "./actions.database.contract.js";

const postgres = await detectTestPostgres();

describe.skipIf(!postgres.reachable)("actions on PostgreSQL", () => {
  const handle = usePostgresDatabase(postgres.url);

  describeActionsOnDatabase("PostgreSQL", () => handle.database);
});
