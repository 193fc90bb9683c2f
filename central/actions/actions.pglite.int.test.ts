import { usePgliteDatabase } from "../../test/support/test-database.js";
import { describeActionsOnDatabase } from "./actions.database.contract.js";

const handle = usePgliteDatabase();

describeActionsOnDatabase("PGlite", () => handle.database);
