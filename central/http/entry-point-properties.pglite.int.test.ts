import { usePgliteDatabase } from "../../test/support/test-database.js";
import { describeEntryPointProperties } from "./entry-point-properties.contract.js";

describeEntryPointProperties("PGlite", usePgliteDatabase());
