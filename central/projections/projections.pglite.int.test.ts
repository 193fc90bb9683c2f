import { usePgliteDatabase } from "../../test/support/test-database.js";
import { describeProjectionsOnDatabase } from "./projections.database.contract.js";

const handle = usePgliteDatabase();

describeProjectionsOnDatabase("drizzle on PGlite", () => handle.database);
